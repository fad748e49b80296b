// LuaScript lives with the queues (the push-event producer uses one too); records keep exporting it.
export { LuaScript } from '@auto-promote/queues';
