/**
 * An AWS service error as botocore raises it (`ClientError`): the script template reads the code from
 * `response.Error.Code`, and the message reads like botocore's so text classifiers see real wording.
 */
export class AwsServiceError extends Error {
  override readonly name = "ClientError";
  readonly code: string;
  readonly status: number;
  readonly response: {
    Error: { Code: string; Message: string };
    ResponseMetadata: { HTTPStatusCode: number };
  };

  constructor(code: string, message: string, operation: string, status = 400) {
    super(`An error occurred (${code}) when calling the ${operation} operation: ${message}`);
    this.code = code;
    this.status = status;
    this.response = { Error: { Code: code, Message: message }, ResponseMetadata: { HTTPStatusCode: status } };
  }
}

/** botocore's error for an operation name the service model does not have (e.g. snake_case names). */
export class OperationNotFoundError extends Error {
  override readonly name = "OperationNotFoundError";
  constructor(service: string, operation: string, known: string[]) {
    super(`${operation} (service ${service}; the sandbox simulates: ${known.join(", ")})`);
  }
}

/** botocore's error for a service name it does not know. */
export class UnknownServiceError extends Error {
  override readonly name = "UnknownServiceError";
  constructor(service: string, known: string[]) {
    super(`Unknown service: '${service}'. Valid service names are: ${known.join(", ")}`);
  }
}

/**
 * What the sandbox answers for a real operation (or a parameter of one) it does not simulate, instead of
 * an empty success that would read as "there is nothing": `code` is ops-agent's `E_SANDBOX_UNSUPPORTED`
 * (no AWS code looks like it), classified as such by the executor.
 */
export class SandboxUnsupportedError extends Error {
  override readonly name = "SandboxUnsupportedError";
  readonly code = "E_SANDBOX_UNSUPPORTED";
  constructor(what: string, simulated: string[]) {
    super(
      `E_SANDBOX_UNSUPPORTED: the sandbox does not simulate ${what}` +
        (simulated.length ? ` (it simulates: ${simulated.join(", ")})` : ""),
    );
  }
}
