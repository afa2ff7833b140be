/**
 * `rpc.privacy.pseudonymize` (api-gateway → rule-engine): a person files a sensitive report by hand
 * (`POST /api/v1/tasks` with `sensitive: true`). The rule-engine gives them their stable pseudonym in
 * the organization (`Anon-7`, the same one a sensitive mail from the same address gets; the identity
 * kept sealed there only, for a privacy officer's reveal) and answers the title and description
 * scrubbed of their address, name and phone numbers, as it scrubs a sensitive mail.
 */
export interface ReporterPseudonymizeRequestV1 {
  organization: string;
  /** The reporter's address (the signed-in user's email). */
  address: string;
  /** Their name, when the organization file lists them, so it is scrubbed too. */
  name: string | null;
  title: string;
  description: string;
}

export interface ReporterPseudonymizeResponseV1 {
  pseudonym: string;
  title: string;
  description: string;
}
