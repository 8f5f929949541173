// Kubernetes object names derived from free text (group names may hold ":" or "/", which RBAC
// object names may not), kept unique within one generated file.

const MAX_NAME = 253;

/** Lowercase, anything but a-z 0-9 "-" "." becomes "-", no leading/trailing "-" or ".". */
export function toObjectName(text: string): string {
  const cleaned = text
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
  return cleaned.slice(0, MAX_NAME).replace(/[-.]+$/, '') || 'x';
}

/** `base`, or `base-2`, `base-3`… when `taken` already has it; the chosen name is added to `taken`. */
export function uniqueName(base: string, taken: Set<string>): string {
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base.slice(0, MAX_NAME - String(n).length - 1)}-${n}`;
  taken.add(name);
  return name;
}
