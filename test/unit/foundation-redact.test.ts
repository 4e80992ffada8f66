import { describe, expect, test } from "bun:test";
import { redactError, redactText, redactValue } from "../../src/redact.ts";

/** AWS's documented example secret access key: 40 base64 characters. */
const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

describe("redactText: bare secret access keys", () => {
  test("a key in prose, in quotes, after a path's slash and before a file extension is redacted", () => {
    expect(redactText(`secret ${SECRET} end`)).toBe("secret [redacted] end");
    expect(redactText(`{"value":"${SECRET}"}`)).toBe('{"value":"[redacted]"}');
    expect(redactText(`https://example.com/a/${SECRET}`)).toBe("https://example.com/a/[redacted]");
    expect(redactText(`at (${SECRET}.ts:1:1)`)).toBe("at ([redacted].ts:1:1)");
  });

  test("a key that starts or ends with / or + is redacted too", () => {
    const leading = "/K7MDENGbPxRfiCYwJalrXUtnFEMI9EXAMPLEKEY";
    const trailing = "wJalrXUtnFEMI9K7MDENGbPxRfiCYEXAMPLEKEY+";
    expect(redactText(`key ${leading} end`)).toBe("key [redacted] end");
    expect(redactText(`key "${trailing}"`)).toBe('key "[redacted]"');
  });

  test("a key next to an ARN is still redacted", () => {
    expect(redactText(`arn:aws:iam::123456789012:role/Reader ${SECRET}`)).toBe(
      "arn:aws:iam::123456789012:role/Reader [redacted]",
    );
  });
});

describe("redactText: identifiers that are not secrets stay", () => {
  test("an ARN whose resource is 40 key-like characters is kept whole", () => {
    const role = "arn:aws:iam::123456789012:role/OpsAgentReadOnlyMemberRole2024Prod1";
    expect(role.split(":").at(-1)).toHaveLength(40);
    expect(redactText(`User: ${role} is not authorized`)).toBe(`User: ${role} is not authorized`);
    const govCloud = "arn:aws-us-gov:iam::123456789012:role/OpsAgentReadOnlyMemberRole2024Prod1";
    expect(redactText(govCloud)).toBe(govCloud);
  });

  test("a padded base64 digest (Lambda CodeSha256) is kept", () => {
    const sha = "Xk3+mfLqQ0zZ5Yw1Vt7sKc2R8aB4dE6gHjNuO0iPlAb=";
    expect(sha).toHaveLength(44);
    expect(redactText(`CodeSha256 ${sha} done`)).toBe(`CodeSha256 ${sha} done`);
  });

  test("hex digests and 40-letter words without digits are kept; longer runs are not cut", () => {
    const commit = "4d43c1e9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5";
    expect(redactText(commit)).toBe(commit);
    const word = "OrganizationAccountAccessRoleForReadOnly";
    expect(redactText(word)).toBe(word);
    const long = `${SECRET}X`;
    expect(redactText(long)).toBe(long);
  });

  test("redactValue applies the same rule to nested strings", () => {
    const role = "arn:aws:iam::123456789012:role/OpsAgentReadOnlyMemberRole2024Prod1";
    expect(redactValue({ role, note: [`got ${SECRET}`] })).toEqual({ role, note: ["got [redacted]"] });
  });
});

describe("redactError", () => {
  test("code, message and hint with secrets removed; no hint key when there is none", () => {
    const hinted = { code: "E_CONFIG", message: `bad ${SECRET}`, hint: "rotate AKIAIOSFODNN7EXAMPLE" };
    expect(redactError(hinted)).toEqual({
      code: "E_CONFIG",
      message: "bad [redacted]",
      hint: "rotate ****MPLE",
    });
    expect(Object.keys(redactError({ code: "E_USAGE", message: "no" }))).toEqual(["code", "message"]);
  });
});

describe("redactText: session tokens and passwords in every spelling (issue 17)", () => {
  const TOKEN = `IQoJb3JpZ2luX2VjE${"Ab3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3z".repeat(6)}`;
  test.each([
    [`{"X-Amz-Security-Token": "${TOKEN}"}`, '{"X-Amz-Security-Token": "[redacted]"}'],
    [`{'X-Amz-Security-Token': '${TOKEN}'}`, "{'X-Amz-Security-Token': '[redacted]'}"],
    ["X-Amz-Security-Token: abc123", "X-Amz-Security-Token: [redacted]"],
    ["?X-Amz-Security-Token=abc%2F1&x=1", "?X-Amz-Security-Token=[redacted]&x=1"],
    ['{"Token": "t-1"}', '{"Token": "[redacted]"}'],
    ['{"SessionToken":"s-1"}', '{"SessionToken":"[redacted]"}'],
    ["{'Password': 'two words'}", "{'Password': '[redacted]'}"],
    ["master_user_password=hunter2", "master_user_password=[redacted]"],
    ["aws_session_token = abc", "aws_session_token = [redacted]"],
    ["Authorization: Bearer abc.def", "Authorization: [redacted]"],
    [`bare ${TOKEN} end`, "bare [redacted] end"],
    ["jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abcdefghijk", "jwt [redacted]"],
  ])("%s", (input, expected) => {
    expect(redactText(input)).toBe(expected);
  });

  test("pagination tokens and ordinary words stay", () => {
    for (const kept of [
      '{"NextToken": "abc"}',
      '{"next_token":"abc"}',
      "token bucket refilled",
      "tokens: 12",
    ])
      expect(redactText(kept)).toBe(kept);
  });
});
