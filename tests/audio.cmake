# Audio (issue 5): codecs, DSP, jitter buffer, media session with a fake device, the SPSC ring
# under ThreadSanitizer, and a real sound device (PortAudio through a private PulseAudio null
# sink started by tests/scripts/with-pulse.sh).
iax_add_qtest(tst_audio_codecs SOURCES tst_audio_codecs.cpp LIBS iax_audio LABELS audio)
iax_add_qtest(tst_audio_dsp SOURCES tst_audio_dsp.cpp LIBS iax_audio LABELS audio)
iax_add_qtest(tst_audio_jitter SOURCES tst_audio_jitter.cpp LIBS iax_audio LABELS audio)
iax_add_qtest(tst_audio_session SOURCES tst_audio_session.cpp LIBS iax_audio LABELS audio)
# 10 ms Opus frames and a receiver playing any peer's frame size (issue 19).
iax_add_qtest(tst_audio_frame_size SOURCES tst_audio_frame_size.cpp LIBS iax_audio LABELS audio)
# A received frame played to the device as soon as it is due, not at the next tick (issue 19).
iax_add_qtest(tst_audio_playout SOURCES tst_audio_playout.cpp LIBS iax_audio LABELS audio)
# Call recording (issue 18): a stereo WAV, what we send left and what we hear right, known tones.
# libogg reads the Ogg Opus recordings back page by page, independent of the writer (libsndfile)
pkg_check_modules(OGG REQUIRED IMPORTED_TARGET ogg)
iax_add_qtest(tst_audio_recording SOURCES tst_audio_recording.cpp LIBS iax_audio PkgConfig::SNDFILE PkgConfig::OGG LABELS audio)
# The G.711 echo fast path of MediaSession against its PCM path (issue 17).
iax_add_qtest(tst_audio_echo SOURCES tst_audio_echo.cpp LIBS iax_audio LABELS audio)
# CPU savings that must keep the audio (issue 19): echo gate, echo canceller per device, Opus complexity.
iax_add_qtest(tst_audio_cpu SOURCES tst_audio_cpu.cpp LIBS iax_audio LABELS audio)
# Playout of a drifting sender (issue 15): Engine + MediaSession on a virtual clock, capture replay.
iax_add_qtest(tst_playout_drift SOURCES tst_playout_drift.cpp sim/playout_probe.h LIBS iax_audio iax_protocol iax_analysis Qt6::Core LABELS audio)

# The SPSC ring under ThreadSanitizer: its own tiny executable (TSan and ASan cannot be mixed, so
# only without IAXPHONE_SANITIZE). The --racy run uses an unsynchronised ring: TSan must report it.
if(NOT IAXPHONE_SANITIZE AND NOT MSVC)
  add_executable(tst_audio_ring_tsan tst_audio_ring_tsan.cpp)
  target_include_directories(tst_audio_ring_tsan PRIVATE ${PROJECT_SOURCE_DIR})
  target_compile_options(tst_audio_ring_tsan PRIVATE -fsanitize=thread -O1 -g)
  target_link_options(tst_audio_ring_tsan PRIVATE -fsanitize=thread)
  add_test(NAME tst_audio_ring_tsan COMMAND tst_audio_ring_tsan)
  add_test(NAME tst_audio_ring_tsan_detects_race COMMAND tst_audio_ring_tsan --racy)
  set_tests_properties(tst_audio_ring_tsan tst_audio_ring_tsan_detects_race PROPERTIES
    LABELS audio ENVIRONMENT "TSAN_OPTIONS=halt_on_error=1 exitcode=66" TIMEOUT 120)
  set_tests_properties(tst_audio_ring_tsan_detects_race PROPERTIES
    PASS_REGULAR_EXPRESSION "WARNING: ThreadSanitizer: data race")
endif()

# A real sound device: PortAudio → ALSA "pulse"/"default" → a private PulseAudio null sink.
iax_add_qtest(tst_audio_device SOURCES tst_audio_device.cpp LIBS iax_audio ENV ${IAX_SOUND_ASAN_ENV}
              WRAPPER ${CMAKE_CURRENT_SOURCE_DIR}/scripts/with-pulse.sh LABELS audio TIMEOUT 120)
# Device hot-plug and the real-device latency loop (issue 19), on the same private PulseAudio.
iax_add_qtest(tst_audio_hotplug SOURCES tst_audio_hotplug.cpp LIBS iax_audio ENV ${IAX_SOUND_ASAN_ENV}
              WRAPPER ${CMAKE_CURRENT_SOURCE_DIR}/scripts/with-pulse.sh LABELS audio TIMEOUT 180)
iax_add_qtest(tst_audio_reinit SOURCES tst_audio_reinit.cpp LIBS iax_audio ENV ${IAX_SOUND_ASAN_ENV}
              WRAPPER ${CMAKE_CURRENT_SOURCE_DIR}/scripts/with-pulse.sh LABELS audio TIMEOUT 180)
