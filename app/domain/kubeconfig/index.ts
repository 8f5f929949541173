// The kubeconfig writer of SPEC §5: the pure planner, target resolution and the on-disk update.
export type { DesiredEntry, DirectEntry, ExecPlugin, LoopbackEntry } from './desired-entry';
export { ENTRY_PREFIX, OWNED_EXTENSION, entryName, type EntryKind } from './entry-names';
export { KubeconfigClashError, KubeconfigFileError, KubeconfigShapeError, KubeconfigSyntaxError, type Clash } from './errors';
export { lockFileFor } from './kubeconfig-lock';
export { configuredKubeconfigPath, resolveKubeconfigTarget, type KubeconfigTarget, type TargetInputs } from './kubeconfig-target';
export { planKubeconfig, type KubeconfigPlan, type PlanOptions } from './plan-kubeconfig';
export { unifiedDiff } from './unified-diff';
export { backupPathFor, updateKubeconfig, type UpdateKubeconfigRequest, type UpdateKubeconfigResult } from './update-kubeconfig';
export { redactDiff } from './redact-diff';
export { octalMode, privateModeOf, tighteningMessage, type ModeTightening } from '../../../shared/file-mode';
