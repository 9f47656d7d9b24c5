/*
** lpaa.h
** What the Lua bindings share: metatable names, the module entry points
** the host preloads, and the registry key of the skipped-inputs table.
*/

#ifndef LPAA_H
#define LPAA_H

#include "lua.h"

#define PAA_CORPUS_MT  "paa.Corpus"
#define PAA_WALK_MT    "paa.Walk"

/*
** Registry field holding a table { ["path[:line]"] = reason } of every
** input skipped in this Lua state; the host's exit status depends on it.
*/
#define PAA_SKIPPED_KEY  "paa.skipped"

int luaopen_paa_core(lua_State *L);
int luaopen_paa_corpus(lua_State *L);
int luaopen_paa_text(lua_State *L);
int luaopen_paa_lexicon(lua_State *L);
int luaopen_paa_dedup(lua_State *L);

#endif
