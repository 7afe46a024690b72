# The shape of the tree (issue 17), checked by CMake scripts on the sources (no build needed):
# every #include points down the layers (cmake/CheckLayering.cmake, with its own self-test that
# it flags violations), no source file over 700 lines and MainWindow under 450
# (cmake/CheckSourceSize.cmake), and the desktop UI links no CLI library.
add_test(NAME tst_include_layering COMMAND ${CMAKE_COMMAND} -DROOT=${PROJECT_SOURCE_DIR}
  -P ${PROJECT_SOURCE_DIR}/cmake/CheckLayering.cmake)
add_test(NAME tst_include_layering_selftest COMMAND ${CMAKE_COMMAND} -DSELFTEST=ON
  -P ${PROJECT_SOURCE_DIR}/cmake/CheckLayering.cmake)
add_test(NAME tst_source_size COMMAND ${CMAKE_COMMAND} -DROOT=${PROJECT_SOURCE_DIR}
  -P ${PROJECT_SOURCE_DIR}/cmake/CheckSourceSize.cmake)
set_tests_properties(tst_include_layering tst_include_layering_selftest tst_source_size PROPERTIES LABELS layering)

# The same rule on the link graph, at configure time: a library never links one above it.
function(_iax_forbid_links target)
  if(NOT TARGET ${target})
    return()
  endif()
  get_target_property(libs ${target} LINK_LIBRARIES)
  foreach(bad ${ARGN})
    if(bad IN_LIST libs)
      message(FATAL_ERROR "${target} links ${bad}, which is above it in the layering (tests/layering.cmake)")
    endif()
  endforeach()
endfunction()
_iax_forbid_links(iax_protocol iax_keys iax_analysis iax_net iax_phone iax_audio iax_ui iax_cli)
_iax_forbid_links(iax_keys iax_analysis iax_net iax_phone iax_audio iax_ui iax_cli)
_iax_forbid_links(iax_analysis iax_keys iax_net iax_phone iax_audio iax_ui iax_cli)
_iax_forbid_links(iax_net iax_phone iax_audio iax_ui iax_cli)
_iax_forbid_links(iax_phone iax_audio iax_ui iax_cli)
_iax_forbid_links(iax_audio iax_ui iax_cli)
_iax_forbid_links(iax_ui iax_cli)
