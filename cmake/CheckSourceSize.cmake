# Size rule of the source tree: no source file of ours over 700 lines, and MainWindow's
# implementation (ui/main_window.cpp) under 450.
#
# Run: cmake -DROOT=<source dir> -P cmake/CheckSourceSize.cmake   (CTest: tst_source_size)
# Prints each file over the limit with its line count and fails if any.
cmake_minimum_required(VERSION 3.20)
if(NOT ROOT)
  message(FATAL_ERROR "usage: cmake -DROOT=<source dir> -P CheckSourceSize.cmake")
endif()
set(limit 700)
set(main_window_limit 450)

# Counts lines the way `wc -l` does (newlines), empty lines included.
function(_count_lines file out)
  file(READ "${file}" text)
  string(REGEX MATCHALL "\n" nl "${text}")
  list(LENGTH nl n)
  set(${out} ${n} PARENT_SCOPE)
endfunction()

set(over "")
file(GLOB_RECURSE files RELATIVE "${ROOT}"
  "${ROOT}/core/*.h" "${ROOT}/core/*.cpp" "${ROOT}/audio/*.h" "${ROOT}/audio/*.cpp"
  "${ROOT}/ui/*.h" "${ROOT}/ui/*.cpp" "${ROOT}/app/*.h" "${ROOT}/app/*.cpp"
  "${ROOT}/tests/*.h" "${ROOT}/tests/*.cpp")
foreach(f ${files})
  _count_lines("${ROOT}/${f}" n)
  if(n GREATER limit)
    list(APPEND over "${f}: ${n} lines (limit ${limit})")
  endif()
endforeach()
if(EXISTS "${ROOT}/ui/main_window.cpp")
  _count_lines("${ROOT}/ui/main_window.cpp" mw)
  if(mw GREATER_EQUAL main_window_limit)
    list(APPEND over "ui/main_window.cpp (MainWindow): ${mw} lines (limit: under ${main_window_limit})")
  endif()
endif()
if(over)
  foreach(v ${over})
    message("${v}")
  endforeach()
  list(LENGTH over n)
  message(FATAL_ERROR "${n} file(s) over the size rule (see cmake/CheckSourceSize.cmake)")
endif()
message(STATUS "source sizes: within the rule")
