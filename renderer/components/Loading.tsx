/** A quiet "working" line, announced politely. */
export function Loading({ label }: { label: string }): React.JSX.Element {
  return (
    <p className="loading" role="status">
      <span className="spinner" aria-hidden="true" />
      {label}
    </p>
  );
}
