// Commented objects → a multi-document YAML stream for `kubectl apply -f -`, built with the yaml
// package's Document API (plain serialisation drops comments). Short lists of plain strings are
// printed in flow style, `verbs: [get, list]`, as RBAC examples are usually written; long ones
// (resourceNames of many users) one per line, so a diff shows who was added.
import { Document, isMap, isScalar, isSeq, visit } from 'yaml';
import type { CommentedObject } from './commented-object';

const FLOW_MAX_WIDTH = 72;

function toDocument(entry: CommentedObject, header: string | null): Document {
  // No anchors/aliases: shared arrays in the input must still print as plain, repeated values.
  const doc = new Document(entry.object, { aliasDuplicateObjects: false });
  const comment = [header, entry.comment].filter((text): text is string => text !== null).join('\n\n');
  if (comment !== '') doc.commentBefore = comment;
  visit(doc, {
    Seq(_, seq) {
      const scalars = seq.items.filter(isScalar);
      const width = scalars.reduce((sum, item) => sum + String(item.value).length + 2, 0);
      if (scalars.length === seq.items.length && width <= FLOW_MAX_WIDTH) seq.flow = true;
    },
  });
  const rules = doc.get('rules');
  if (isSeq(rules)) {
    entry.ruleComments?.forEach((text, index) => {
      const item = rules.items[index];
      if (text !== null && isMap(item)) item.commentBefore = text;
    });
  }
  return doc;
}

/** `header` (comment lines, each starting with a space) goes above the first document. */
export function renderYamlStream(entries: readonly CommentedObject[], header: string | null = null): string {
  return entries
    .map((entry, index) => toDocument(entry, index === 0 ? header : null).toString({ flowCollectionPadding: false }))
    .join('---\n');
}
