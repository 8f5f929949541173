import type { GroupBinding, ResourceBindings, RolePreviewWithBindings } from '../../../shared/admin';
import { StatusPill } from '../../components/StatusPill';
import { plural } from '../../lib/format';

/** True when the group is sent but no cluster (that could be read) binds it: members get no access. */
export function isUnbound(role: RolePreviewWithBindings): boolean {
  if (role.status === 'invalid') return false;
  const readable = role.bindings.filter((entry) => entry.error === null);
  return readable.length > 0 && readable.every((entry) => entry.bindings.length === 0);
}

function BindingItem({ binding }: { binding: GroupBinding }): React.JSX.Element {
  const where = binding.namespace === null ? 'cluster-wide' : `in ${binding.namespace}`;
  return (
    <li className="binding">
      <p className="binding__head">
        <span className="mono">
          {binding.kind}/{binding.name}
        </span>{' '}
        <span className="muted">{where}</span> →{' '}
        <span className="mono">
          {binding.roleRef.kind}/{binding.roleRef.name}
        </span>
        {binding.roleStatus === 'missing' && <span className="binding__problem"> (role missing: grants nothing)</span>}
        {binding.roleStatus === 'unreadable' && <span className="binding__problem"> (rules cannot be read)</span>}
      </p>
      {binding.rules.length > 0 && (
        <ul className="binding__rules">
          {binding.rules.map((rule) => (
            <li key={rule} className="mono">
              {rule}
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

function ResourceBindingsItem({ entry }: { entry: ResourceBindings }): React.JSX.Element {
  if (entry.error !== null) {
    return (
      <li>
        <span className="mono">{entry.resource}</span>: <span className="binding__problem">{entry.error}</span>
      </li>
    );
  }
  if (entry.bindings.length === 0) {
    return (
      <li>
        <span className="mono">{entry.resource}</span>: <span className="muted">no bindings</span>
      </li>
    );
  }
  return (
    <li>
      <details className="disclosure">
        <summary>
          <span className="mono">{entry.resource}</span>: {plural(entry.bindings.length, 'binding')}
        </summary>
        <ul className="bindings">
          {entry.bindings.map((binding) => (
            <BindingItem key={`${binding.kind}/${binding.namespace ?? ''}/${binding.name}`} binding={binding} />
          ))}
        </ul>
      </details>
    </li>
  );
}

/** What the role's group is bound to, per resource (cluster), with the rules each binding grants. */
export function RoleBindingsCell({ role }: { role: RolePreviewWithBindings }): React.JSX.Element {
  if (role.status === 'invalid') return <span className="muted">Not sent, so never bound</span>;
  return (
    <div className="stack stack--tight">
      {isUnbound(role) && <StatusPill tone="warning">Unbound: members of this role get no access</StatusPill>}
      <ul className="resource-bindings">
        {role.bindings.map((entry) => (
          <ResourceBindingsItem key={entry.resource} entry={entry} />
        ))}
      </ul>
    </div>
  );
}
