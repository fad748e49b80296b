// `node --import ./tools/register-lua.mjs …`: lets Node (and tsx) import Redis Lua scripts as text, as the
// build bundles them. Used by the bench, which runs the libraries from source.
import { register } from 'node:module';

register('./lua-hooks.mjs', import.meta.url);
