# The dependency rule of the source tree, checked on every #include of our own headers:
#
#   app/cli, app/gui  →  ui  →  audio  →  core/phone  →  core/net  →  core/keys, core/analysis  →  core/protocol
#
# A file may include headers of its own folder and of any folder below it; an include that
# points up (e.g. ui/ → app/, core/ → audio/) or sideways (core/keys ↔ core/analysis,
# app/cli ↔ app/gui) is a violation. core/protocol includes nothing else of ours. tests/ and
# benchmarks may include anything.
#
# Run: cmake -DROOT=<source dir> -P cmake/CheckLayering.cmake   (CTest: tst_include_layering)
# Prints every violation as "file: <from> includes <to> (<header>): points up|sideways" and fails if any.
# Self-test: -DSELFTEST=ON checks that the rule flags an upward, a sideways and a bad include in
# a scratch tree and passes a clean one, so the check itself cannot silently pass everything.

cmake_minimum_required(VERSION 3.20)

# Folder → level. Same level, different folder = sideways.
set(_levels
  "core/protocol=0"
  "core/keys=1" "core/analysis=1"
  "core/net=2"
  "core/phone=3"
  "audio=4"
  "ui=5"
  "app/cli=6" "app/gui=6")

function(_layer_of path out_folder out_level)
  set(${out_folder} "" PARENT_SCOPE)
  set(${out_level} -1 PARENT_SCOPE)
  foreach(entry ${_levels})
    string(REPLACE "=" ";" kv "${entry}")
    list(GET kv 0 folder)
    list(GET kv 1 level)
    string(LENGTH "${folder}/" n)
    string(SUBSTRING "${path}" 0 ${n} head)
    if(head STREQUAL "${folder}/")
      set(${out_folder} "${folder}" PARENT_SCOPE)
      set(${out_level} ${level} PARENT_SCOPE)
      return()
    endif()
  endforeach()
endfunction()

# Checks every source under `root`; sets `out` to the list of violations.
function(_check_tree root out)
  set(violations "")
  file(GLOB_RECURSE files RELATIVE "${root}"
    "${root}/core/*.h" "${root}/core/*.cpp" "${root}/audio/*.h" "${root}/audio/*.cpp"
    "${root}/ui/*.h" "${root}/ui/*.cpp" "${root}/app/*.h" "${root}/app/*.cpp")
  foreach(f ${files})
    _layer_of("${f}" from_folder from_level)
    if(from_level LESS 0)
      continue()
    endif()
    file(STRINGS "${root}/${f}" lines REGEX "^[ \t]*#[ \t]*include[ \t]*\"")
    foreach(line ${lines})
      string(REGEX REPLACE "^[ \t]*#[ \t]*include[ \t]*\"([^\"]+)\".*" "\\1" header "${line}")
      _layer_of("${header}" to_folder to_level)
      if(to_level LESS 0)
        # Ours but outside the layered folders (e.g. tests/) is a violation; a bare name is local.
        if(header MATCHES "^(tests|scripts|build)/")
          list(APPEND violations "${f}: ${from_folder} includes ${header} (not a layered folder)")
        endif()
        continue()
      endif()
      if(to_folder STREQUAL from_folder)
        continue()
      endif()
      if(to_level GREATER_EQUAL from_level)
        if(to_level EQUAL from_level)
          set(kind "sideways")
        else()
          set(kind "up")
        endif()
        list(APPEND violations "${f}: ${from_folder} includes ${to_folder} (${header}): points ${kind}")
      endif()
    endforeach()
  endforeach()
  set(${out} "${violations}" PARENT_SCOPE)
endfunction()

if(SELFTEST)
  set(scratch "${CMAKE_CURRENT_BINARY_DIR}/layering-selftest")
  file(REMOVE_RECURSE "${scratch}")
  file(WRITE "${scratch}/core/protocol/a.h" "#pragma once\n#include <vector>\n")
  file(WRITE "${scratch}/core/net/b.cpp" "#include \"core/net/b.h\"\n#include \"core/protocol/a.h\"\n")
  file(WRITE "${scratch}/ui/w.cpp" "#include \"core/phone/p.h\"\n#include \"audio/x.h\"\n")
  _check_tree("${scratch}" clean)
  if(clean)
    message(FATAL_ERROR "layering self-test: a clean tree was flagged: ${clean}")
  endif()
  file(WRITE "${scratch}/core/protocol/up.cpp" "#include \"core/net/b.h\"\n")
  file(WRITE "${scratch}/core/keys/side.cpp" "#include \"core/analysis/c.h\"\n")
  file(WRITE "${scratch}/ui/cli.cpp" "  #  include \"app/cli/cmd.h\"\n")
  file(WRITE "${scratch}/core/phone/t.cpp" "#include \"tests/support/x.h\"\n")
  _check_tree("${scratch}" bad)
  list(LENGTH bad n)
  if(NOT n EQUAL 4)
    message(FATAL_ERROR "layering self-test: expected 4 violations, got ${n}: ${bad}")
  endif()
  file(REMOVE_RECURSE "${scratch}")
  message(STATUS "layering self-test passed")
  return()
endif()

if(NOT ROOT)
  message(FATAL_ERROR "usage: cmake -DROOT=<source dir> -P CheckLayering.cmake")
endif()
_check_tree("${ROOT}" violations)
if(violations)
  list(LENGTH violations n)
  foreach(v ${violations})
    message("${v}")
  endforeach()
  message(FATAL_ERROR "${n} #include(s) break the layering rule (see cmake/CheckLayering.cmake)")
endif()
message(STATUS "include layering: no violation")
