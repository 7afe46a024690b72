# The German translation is complete (issue 18): tst_translations runs lupdate over the sources the
# translations cover (ui/ and core/phone/, as ui/CMakeLists.txt's update_translations) into a copy
# of resources/translations/iaxphone_de.ts and fails, listing them, when a string is unfinished or
# missing. scripts/untranslated.sh updates the real .ts and prints the same list.
if(IAXPHONE_GUI)
  iax_add_qtest(tst_translations SOURCES tst_translations.cpp LIBS Qt6::Core LABELS ui translations)
  # lupdate reads the project description qt_add_translations wrote for iax_ui (its sources and
  # include paths, so contexts resolve as in update_translations); the test makes its JSON.
  target_compile_definitions(tst_translations PRIVATE IAX_LUPDATE="$<TARGET_FILE:Qt6::lupdate>"
    IAX_TS_FILE="${PROJECT_SOURCE_DIR}/resources/translations/iaxphone_de.ts"
    IAX_CMAKE="${CMAKE_COMMAND}" IAX_LUPDATE_PROJECT="${PROJECT_BINARY_DIR}/ui/.lupdate/iax_ui_project.cmake"
    IAX_LUPDATE_GENERATOR="${Qt6LinguistTools_DIR}/GenerateLUpdateProject.cmake")
endif()
