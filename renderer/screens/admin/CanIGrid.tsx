import { useId, useMemo, useState } from 'react';
import type { CanICell, CanIMatrix } from '../../../shared/admin';
import { CheckIcon, CrossIcon } from '../../components/icons';

function namespaceLabel(namespace: string | null): string {
  return namespace === null ? 'All namespaces (cluster-wide)' : namespace;
}

function cellKey(verb: string, resource: string, namespace: string | null): string {
  return `${verb}\u0000${resource}\u0000${namespace ?? ''}`;
}

function Mark({ cell }: { cell: CanICell | undefined }): React.JSX.Element {
  if (cell === undefined) {
    return (
      <td className="can-i can-i--na">
        <span aria-hidden="true">·</span>
        <span className="visually-hidden">not asked</span>
      </td>
    );
  }
  // The word is there for screen readers and for anyone who cannot tell the colours apart.
  return (
    <td className={`can-i ${cell.allowed ? 'can-i--yes' : 'can-i--no'}`} title={cell.reason ?? undefined}>
      {cell.allowed ? <CheckIcon /> : <CrossIcon />}
      <span className="visually-hidden">{cell.allowed ? 'allowed' : 'denied'}</span>
    </td>
  );
}

/** One resource's can-i matrix: verbs × Kubernetes resources, for one namespace at a time. */
export function CanIGrid({
  matrix,
  resourceName,
  user,
}: {
  matrix: CanIMatrix;
  resourceName: string;
  user: string;
}): React.JSX.Element {
  const selectId = useId();
  const [namespace, setNamespace] = useState<string | null>(matrix.namespaces[0] ?? null);
  const cells = useMemo(
    () => new Map(matrix.cells.map((cell) => [cellKey(cell.verb, cell.resource, cell.namespace), cell])),
    [matrix],
  );
  const rows = matrix.resources.filter((resource) => namespace === null || resource.namespaced);

  return (
    <div className="stack stack--tight">
      {matrix.namespaces.length > 1 && (
        <div className="field field--inline">
          <label className="field__label" htmlFor={selectId}>
            Namespace
          </label>
          <select
            id={selectId}
            className="select"
            value={namespace ?? ''}
            onChange={(event) => setNamespace(event.target.value === '' ? null : event.target.value)}
          >
            {matrix.namespaces.map((option) => (
              <option key={option ?? ''} value={option ?? ''}>
                {namespaceLabel(option)}
              </option>
            ))}
          </select>
        </div>
      )}
      <div className="table-wrap">
        <table className="table table--matrix">
          <caption className="table__caption">
            What {user} may do on {resourceName}, {namespace === null ? 'cluster-wide' : `in namespace ${namespace}`}
          </caption>
          <thead>
            <tr>
              <th scope="col">Resource</th>
              {matrix.verbs.map((verb) => (
                <th key={verb} scope="col" className="can-i__verb">
                  {verb}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((resource) => (
              <tr key={resource.label}>
                <th scope="row" className="mono">
                  {resource.label}
                </th>
                {matrix.verbs.map((verb) => (
                  <Mark key={verb} cell={cells.get(cellKey(verb, resource.label, namespace))} />
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
