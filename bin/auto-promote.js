#!/usr/bin/env node
// `npx auto-promote`: the operator CLI and the service.
import { runBundle } from './run-bundle.js';

await runBundle('cli');
