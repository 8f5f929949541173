// A Kubernetes object to print as YAML with comments: above the document and above list items
// (e.g. one per policy rule), which plain serialisation cannot express.
export interface CommentedObject {
  /** Lines above the document; null for none. */
  comment: string | null;
  object: Record<string, unknown>;
  /** Comments above items of the `rules` list, by index. */
  ruleComments?: ReadonlyArray<string | null>;
}
