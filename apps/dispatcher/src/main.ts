// The dispatcher role alone, as a container runs it.
import { runFromCli } from '@auto-promote/runtime';

await runFromCli(['dispatcher']);
