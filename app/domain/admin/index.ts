// The admin tools of SPEC §6 — doctor, role mapping preview with bindings, can-i matrices, RBAC
// generators — for the CLI, the API handlers and the UI. Results are typed in shared/admin.ts.
export { runDoctor, doctorResource, type DoctorOptions } from './doctor/run-doctor';
export { formatDoctorReport, doctorPassed } from '../../../shared/format-doctor';
export { rolesPreviewWithBindings, type RolesPreviewOptions } from './preview/roles-preview-with-bindings';
export { userAccessPreview, usersAccessPreview, UnknownUserError } from './preview/user-access-preview';
export type { MatrixOptions } from './preview/matrix-context';
export { DEFAULT_CAN_I_RESOURCES, DEFAULT_CAN_I_VERBS, DEFAULT_MAX_NAMESPACES } from './preview/can-i-defaults';
export {
  generateRbacYaml,
  planResourceRbac,
  renderResourceRbac,
  type GenerateRbacOptions,
  type RbacOptions,
  type ResourceRbac,
} from './rbac/generate-rbac';
export { impersonationTargets, type ImpersonationTargets } from './impersonation-targets';
export { leasedKubeConfig } from './leased-kubeconfig';
export { leasedUsername, LeasedIdentityUnknown } from './leased-identity';
export { clusterClient, type ClusterClient, type ClusterClientOptions } from './cluster-client';
export type { ClusterAccessOptions } from './resource-client';
export { selectResources, UnknownResourceError } from './select-resources';
