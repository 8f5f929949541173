#!/usr/bin/env node
// `gatehouse` / `npx gatehouse`: runs the TypeScript CLI through tsx, no build step needed.
import { tsImport } from 'tsx/esm/api';

await tsImport('../app/cli/main.ts', import.meta.url);
