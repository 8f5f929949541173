import { useState } from 'react';
import { PageHeader } from '../../components/PageHeader';
import { type TabDefinition, Tabs } from '../../components/Tabs';
import { RecordingsView } from './RecordingsView';
import { RequestsView } from './RequestsView';

type ActivityTab = 'requests' | 'recordings';

const TABS: readonly TabDefinition<ActivityTab>[] = [
  { id: 'requests', title: 'Requests' },
  { id: 'recordings', title: 'Recordings' },
];

export function ActivityScreen(): React.JSX.Element {
  const [tab, setTab] = useState<ActivityTab>('requests');
  return (
    <div className={`screen${tab === 'requests' ? ' screen--fill' : ''}`}>
      <PageHeader
        title="Activity"
        summary="What went through Gatehouse on this machine, as the local audit log recorded it."
      />
      <Tabs label="Activity views" tabs={TABS} selected={tab} onSelect={setTab}>
        {tab === 'requests' && <RequestsView />}
        {tab === 'recordings' && <RecordingsView />}
      </Tabs>
    </div>
  );
}
