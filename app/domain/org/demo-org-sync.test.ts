// The demo org lives twice: the test cluster writes it (e2e/cluster/orgfile.go), and unit tests use
// a copy (shared/test-fixtures/demo-org.ts) so they need no cluster. This keeps the two identical.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEMO_ORG_YAML } from '../../../shared/test-fixtures/demo-org';

describe('the demo org fixture', () => {
  it('is the org file the test cluster writes, minus its header comment', () => {
    const go = readFileSync(new URL('../../../e2e/cluster/orgfile.go', import.meta.url), 'utf8');
    const written = /const demoOrg = `([^`]*)`/.exec(go)?.[1];
    expect(written, 'demoOrg not found in orgfile.go').toBeDefined();
    expect(written!.replace(/^#.*\n/, '')).toBe(DEMO_ORG_YAML);
  });
});
