/** A problem in an org file: where (a path into the document) and what. */
export type OrgPath = (string | number)[];

export interface OrgProblem {
  path: OrgPath;
  message: string;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** `users[1].roles[0]`, `tags["app.kubernetes.io/name"]`; the root is `(top level)`. */
export function formatOrgPath(path: readonly (string | number)[]): string {
  if (path.length === 0) return '(top level)';
  return path
    .map((segment, index) => {
      if (typeof segment === 'number') return `[${segment}]`;
      if (!IDENTIFIER.test(segment)) return `[${JSON.stringify(segment)}]`;
      return index === 0 ? segment : `.${segment}`;
    })
    .join('');
}
