/** One rule file as read from the configuration folder; its contents are validated by @orgo/rules. */
export interface RuleFileSource {
  /** Relative to the configuration folder, e.g. `organizations/northside/rules/main.yaml`. */
  file: string;
  layer: 'global' | 'domain' | 'organization';
  /** The domain name or the organization slug; null for the global layer. */
  scope: string | null;
  /** The parsed YAML. */
  data: unknown;
}
