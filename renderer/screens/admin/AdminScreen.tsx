import { useState } from 'react';
import { PageHeader } from '../../components/PageHeader';
import { type TabDefinition, Tabs } from '../../components/Tabs';
import { RbacView } from './RbacView';
import { RoleMappingTable } from './RoleMappingTable';
import { UserAccessView } from './UserAccessView';

type AdminTab = 'roles' | 'access' | 'rbac';

const TABS: readonly TabDefinition<AdminTab>[] = [
  { id: 'roles', title: 'Role mapping' },
  { id: 'access', title: 'Access by user' },
  { id: 'rbac', title: 'RBAC YAML' },
];

export function AdminScreen(): React.JSX.Element {
  const [tab, setTab] = useState<AdminTab>('roles');
  return (
    <div className="screen">
      <PageHeader
        title="Admin"
        summary="How roles become Kubernetes groups, what each person may do, and the RBAC that makes it work."
      />
      <Tabs label="Admin views" tabs={TABS} selected={tab} onSelect={setTab}>
        {tab === 'roles' && <RoleMappingTable />}
        {tab === 'access' && <UserAccessView />}
        {tab === 'rbac' && <RbacView />}
      </Tabs>
    </div>
  );
}
