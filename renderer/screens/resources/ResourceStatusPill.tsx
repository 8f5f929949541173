import type { ConnectionState, HealthState } from '../../../shared/api';
import { StatusPill, type Tone } from '../../components/StatusPill';

const STATE_LOOK: Record<ConnectionState, { tone: Tone; label: string }> = {
  disconnected: { tone: 'neutral', label: 'Disconnected' },
  connecting: { tone: 'info', label: 'Connecting…' },
  connected: { tone: 'success', label: 'Connected' },
  error: { tone: 'danger', label: 'Error' },
};

const HEALTH_LOOK: Record<HealthState, { tone: Tone; label: string }> = {
  unknown: { tone: 'neutral', label: 'Not checked' },
  healthy: { tone: 'success', label: 'Healthy' },
  unhealthy: { tone: 'warning', label: 'Unhealthy' },
};

export function ConnectionPill({ state }: { state: ConnectionState }): React.JSX.Element {
  const look = STATE_LOOK[state];
  return (
    <StatusPill tone={look.tone} busy={state === 'connecting'}>
      {look.label}
    </StatusPill>
  );
}

export function HealthPill({ health }: { health: HealthState }): React.JSX.Element {
  const look = HEALTH_LOOK[health];
  return <StatusPill tone={look.tone}>{look.label}</StatusPill>;
}
