/**
 * Results of the admin tools (SPEC §6): the cluster checks ("doctor"), the role → group mapping
 * preview with the cluster's bindings, and the per-user can-i matrix. Pure types: app/domain/admin
 * computes them, the CLI prints them (`--json` is a stable interface, SPEC §7), the UI shows them.
 */
import type { Identity } from './api';
import type { RoleMapping } from './roles';
import type { ExplicitGroup } from './org-access';

// ---------------------------------------------------------------------------------------------
// Doctor

export type CheckStatus = 'ok' | 'warn' | 'fail';

/** Every check, in the order they are run and shown. */
export const DOCTOR_CHECK_IDS = ['reachable', 'rbac-api', 'impersonate', 'reviews', 'bindings', 'roles'] as const;
export type DoctorCheckId = (typeof DOCTOR_CHECK_IDS)[number];

export interface DoctorCheck {
  id: DoctorCheckId;
  status: CheckStatus;
  /** One line: what was found. */
  finding: string;
  /** One line: what to do about it; null when there is nothing to do. */
  fix: string | null;
}

export interface ResourceDoctorReport {
  name: string;
  checks: DoctorCheck[];
}

/** SPEC §7 `doctor --json`. */
export interface DoctorReport {
  resources: ResourceDoctorReport[];
}

// ---------------------------------------------------------------------------------------------
// Bindings of a group in a cluster

export type BindingKind = 'ClusterRoleBinding' | 'RoleBinding';

/**
 * Whether the rules of the referenced role could be shown: `missing` when the Role/ClusterRole
 * does not exist (the binding grants nothing), `unreadable` when the leased identity may not read
 * roles (the rules are unknown, not empty).
 */
export type RoleRefStatus = 'found' | 'missing' | 'unreadable';

/** A RoleBinding or ClusterRoleBinding that names a group among its subjects. */
export interface GroupBinding {
  kind: BindingKind;
  name: string;
  /** The RoleBinding's namespace; null for a ClusterRoleBinding (cluster-wide). */
  namespace: string | null;
  roleRef: { kind: 'ClusterRole' | 'Role'; name: string };
  roleStatus: RoleRefStatus;
  /** One readable line per policy rule of the referenced role, e.g. "get, list, watch secrets". */
  rules: string[];
}

/** The bindings of one group in the cluster of one resource. */
export interface ResourceBindings {
  resource: string;
  bindings: GroupBinding[];
  /** Why the bindings could not be read (then `bindings` is empty and means nothing). */
  error: string | null;
}

/**
 * A row of `roles preview --json` with the cluster's side: the SPEC §7 fields plus `bindings`,
 * one entry per resource of the org. Empty for an invalid role: its group is never sent.
 */
export interface RolePreviewWithBindings extends RoleMapping {
  bindings: ResourceBindings[];
}

/** An explicit group of a rule (SPEC §11) with its bindings in each resource the rule grants. */
export interface ExplicitGroupWithBindings extends ExplicitGroup {
  bindings: ResourceBindings[];
}

export interface RolesPreviewWithBindings {
  roles: RolePreviewWithBindings[];
  /** Absent from hosts from before SPEC §11. */
  explicitGroups?: ExplicitGroupWithBindings[];
}

// ---------------------------------------------------------------------------------------------
// can-i matrix

/** A resource of the matrix, as RBAC sees it. */
export interface CanIResource {
  /** How it is shown and how kubectl names it, e.g. "pods/exec", "deployments.apps". */
  label: string;
  /** API group; "" for the core group. */
  group: string;
  resource: string;
  subresource: string | null;
  /** Cluster-scoped resources are only asked cluster-wide. */
  namespaced: boolean;
}

export interface CanICell {
  verb: string;
  /** A CanIResource label. */
  resource: string;
  /** null = cluster-wide (all namespaces), as `kubectl auth can-i --all-namespaces`. */
  namespace: string | null;
  allowed: boolean;
  /** The authorizer's reason or evaluation error, when it gave one. */
  reason: string | null;
}

export interface CanIMatrix {
  verbs: string[];
  resources: CanIResource[];
  /** null = cluster-wide; listed first. */
  namespaces: Array<string | null>;
  cells: CanICell[];
}

/** One assigned resource of a user: the matrix, or why it could not be computed. */
export interface UserResourceAccess {
  resource: string;
  canI: CanIMatrix | null;
  error: string | null;
}

/** A user as the admin preview shows them: the identity the proxy sends, and what it may do. */
export interface UserAccessPreview extends Identity {
  access: UserResourceAccess[];
}

export interface UsersAccessPreview {
  users: UserAccessPreview[];
}
