/**
 * Service control policies of the sandbox organization: calls matching a rule are denied the way AWS
 * denies them, so `call` and `ask` show partial results (one account×region failing, the rest answering).
 */
export interface DenialRow {
  account: string;
  region: string;
  service: string;
  policy: string;
}

export const DENIALS: DenialRow[] = [
  {
    account: "staging",
    region: "eu-west-1",
    service: "lambda",
    policy: "p-7h3k9xq2 (DenyServerlessOutsideUS)",
  },
];
