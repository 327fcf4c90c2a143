#!/usr/bin/env node
// The `talsinki` command: runs the TypeScript sources through tsx's loader, so no compile step
// stands between a checkout and a running server.
import { register } from 'tsx/esm/api';

register();
await import('../src/server/main.ts');
