# The desktop app's file parsers (settings file, call history), built from ui/ without Widgets so
# that fuzz_settings and tst_fuzz_regressions can use them in builds without the GUI
# (-DIAXPHONE_GUI=OFF, as scripts/fuzz.sh configures). In GUI builds the same files are also part
# of iax_ui; no binary links both.
if(NOT TARGET iax_settings_parsers)
  set(_ui ${PROJECT_SOURCE_DIR}/ui)
  add_library(iax_settings_parsers STATIC
    ${_ui}/settings.cpp ${_ui}/settings.h ${_ui}/settings_store.h ${_ui}/qsettings_store.cpp ${_ui}/qsettings_store.h
    ${_ui}/settings_validator.cpp ${_ui}/settings_validator.h ${_ui}/call_history.cpp ${_ui}/call_history.h
    ${_ui}/call_snapshot.h)
  set_target_properties(iax_settings_parsers PROPERTIES AUTOMOC ON)
  target_include_directories(iax_settings_parsers PUBLIC ${PROJECT_SOURCE_DIR})
  # iax_keys: writePrivateFile (owner-only files); iax_protocol: the RSA key-size rule the validator uses.
  target_link_libraries(iax_settings_parsers PUBLIC iax_keys iax_protocol Qt6::Core Qt6::Network)
endif()
