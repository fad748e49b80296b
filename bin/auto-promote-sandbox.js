#!/usr/bin/env node
// `npx auto-promote-sandbox`: the sandbox and the emulators (test tooling, not part of the service).
import { runBundle } from './run-bundle.js';

await runBundle('sandbox');
