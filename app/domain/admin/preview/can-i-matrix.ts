// A can-i matrix for one person on one cluster: SubjectAccessReviews with the user and groups the
// proxy would impersonate them with, for verbs × resources × namespaces.
import type { CanICell, CanIMatrix, CanIResource } from '../../../../shared/admin';
import { subjectCan, type ImpersonatedSubject } from '../access-review';
import type { ClusterClient } from '../cluster-client';
import { mapLimit } from '../map-limit';

export interface CanIMatrixSpec {
  verbs: readonly string[];
  resources: readonly CanIResource[];
  /** Namespaced rows; the cluster-wide row is always added first. */
  namespaces: readonly string[];
}

export interface CanIQuestion {
  verb: string;
  resource: CanIResource;
  /** null = cluster-wide (all namespaces). */
  namespace: string | null;
}

/** Every cell to ask, row by row; cluster-scoped resources only in the cluster-wide row. */
export function matrixQuestions(spec: CanIMatrixSpec): CanIQuestion[] {
  const rows: Array<string | null> = [null, ...spec.namespaces];
  return rows.flatMap((namespace) =>
    spec.resources
      .filter((resource) => namespace === null || resource.namespaced)
      .flatMap((resource) => spec.verbs.map((verb) => ({ verb, resource, namespace }))),
  );
}

/** Throws the first API failure (e.g. 403: the leased identity may not create SubjectAccessReviews). */
export async function computeCanIMatrix(
  client: ClusterClient,
  subject: ImpersonatedSubject,
  spec: CanIMatrixSpec,
  concurrency = 8,
): Promise<CanIMatrix> {
  const questions = matrixQuestions(spec);
  const cells = await mapLimit(questions, concurrency, async ({ verb, resource, namespace }): Promise<CanICell> => {
    const answer = await subjectCan(client, subject, {
      verb,
      group: resource.group,
      resource: resource.resource,
      subresource: resource.subresource ?? undefined,
      namespace: namespace ?? '',
    });
    return { verb, resource: resource.label, namespace, allowed: answer.allowed, reason: answer.reason };
  });
  return {
    verbs: [...spec.verbs],
    resources: [...spec.resources],
    namespaces: [null, ...spec.namespaces],
    cells,
  };
}
