// Flat config: typescript-eslint recommended, no explicit any, and the layering of SPEC §1.
import { builtinModules } from 'node:module';
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const root = dirname(fileURLToPath(import.meta.url));

/** Which top-level folders each layer may import from with a relative path. */
const LAYERS = {
  shared: ['shared'],
  app: ['app', 'shared'],
  main: ['main', 'app', 'shared'],
  renderer: ['renderer', 'shared'],
};

/** @type {import('eslint').Rule.RuleModule} */
const layersRule = {
  meta: { type: 'problem', schema: [] },
  create(context) {
    const layer = relative(root, context.filename).split(sep)[0] ?? '';
    const allowed = LAYERS[/** @type {keyof typeof LAYERS} */ (layer)];
    if (!allowed) return {};
    /** @param {import('estree').Node} node @param {unknown} source */
    const check = (node, source) => {
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const target = relative(root, resolve(dirname(context.filename), source)).split(sep)[0];
      if (target !== undefined && !allowed.includes(target)) {
        context.report({ node, message: `${layer}/ may not import from ${target}/ (SPEC §1)` });
      }
    };
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => check(node, node.source?.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => check(node, node.source.type === 'Literal' && node.source.value),
    };
  },
};

/**
 * The tiers inside app/ (ARCHITECTURE.md), lowest first: a file may import its own tier and the ones
 * below it, never one above. The CLI is a client of the API: it imports app/client only (and
 * shared/); the four commands that become a host themselves live in app/cli/hosting and may also
 * start hosts.
 */
const APP_TIERS = ['platform', 'domain', 'services', 'api', 'transports', 'hosts', 'client', 'cli'];
const CLI_MAY_IMPORT = ['cli', 'client'];
const CLI_HOSTING_MAY_IMPORT = ['cli', 'client', 'hosts', 'platform'];

/** @type {import('eslint').Rule.RuleModule} */
const tiersRule = {
  meta: { type: 'problem', schema: [] },
  create(context) {
    const from = relative(root, context.filename).split(sep);
    if (from[0] !== 'app') return {};
    const tier = from[1] ?? '';
    const level = APP_TIERS.indexOf(tier);
    if (level < 0) {
      return { Program: (node) => context.report({ node, message: `app/${tier} is not a tier of app/ (${APP_TIERS.join(', ')}; ARCHITECTURE.md)` }) };
    }
    const allowedForCli = from[2] === 'hosting' ? CLI_HOSTING_MAY_IMPORT : CLI_MAY_IMPORT;
    // A CLI test sets up what the CLI talks to (a real host, a core in-process): it may reach below.
    const cliTest = tier === 'cli' && context.filename.endsWith('.test.ts');
    /** @param {import('estree').Node} node @param {unknown} source */
    const check = (node, source) => {
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const to = relative(root, resolve(dirname(context.filename), source)).split(sep);
      if (to[0] !== 'app') return;
      const target = to[1] ?? '';
      const ok = tier === 'cli' && !cliTest ? allowedForCli.includes(target) : APP_TIERS.indexOf(target) >= 0 && APP_TIERS.indexOf(target) <= level;
      if (!ok) {
        const why = tier === 'cli' ? `the CLI imports only ${allowedForCli.map((t) => `app/${t}`).join(', ')} and shared/` : `app/${target} is above app/${tier}`;
        context.report({ node, message: `app/${tier}/ may not import from app/${target}/: ${why} (ARCHITECTURE.md)` });
      }
    };
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => check(node, node.source?.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => check(node, node.source.type === 'Literal' && node.source.value),
    };
  },
};

const nodeBuiltins = builtinModules.flatMap((m) => [m, `${m}/*`, `node:${m}`, `node:${m}/*`]);
/** @param {string[]} group @param {string} message */
const restrict = (group, message) => ({
  'no-restricted-imports': ['error', { patterns: [{ group, message }] }],
});

export default defineConfig(
  {
    ignores: ['node_modules/', 'out/', 'dist/', 'test-results/', 'playwright-report/', '.cache/'],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  { files: ['**/*.{js,mjs,cjs}'], languageOptions: { globals: globals.node } },
  {
    plugins: { gatehouse: { rules: { layers: layersRule, tiers: tiersRule } } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      'gatehouse/layers': 'error',
    },
  },
  {
    files: ['app/**/*.ts'],
    rules: { 'gatehouse/tiers': 'error' },
  },
  {
    files: ['shared/**'],
    rules: restrict(
      [...nodeBuiltins, 'electron', 'electron/*', 'ws', '@kubernetes/client-node'],
      'shared/ is pure: no I/O modules (SPEC §1)',
    ),
  },
  {
    files: ['app/**'],
    rules: restrict(['electron', 'electron/*'], 'app/ never imports electron (SPEC §1)'),
  },
  {
    files: ['renderer/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!(react|react-dom|zustand)(/|$))[^./]',
              message: 'renderer/ imports only shared/, react, react-dom and zustand (SPEC §1)',
            },
          ],
        },
      ],
    },
  },
  {
    // Colocated unit tests also use the test tools; nothing else, so they see what the page sees.
    files: ['renderer/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!(react|react-dom|zustand|vitest|fast-check)(/|$))[^./]',
              message:
                'renderer/ tests import only shared/, react, react-dom, zustand, vitest and fast-check (SPEC §1)',
            },
          ],
        },
      ],
    },
  },
);
