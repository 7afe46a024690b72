# Audio (issue 5): CPU per 20 ms frame of Opus, G.711, resampling, AEC/NS, the jitter buffer and a
# whole MediaSession; capture→playout latency at zero jitter. Prints a summary table at the end.
add_executable(bench_audio ${CMAKE_CURRENT_LIST_DIR}/bench_audio.cpp)
target_include_directories(bench_audio PRIVATE ${PROJECT_SOURCE_DIR})
target_link_libraries(bench_audio PRIVATE iax_audio benchmark::benchmark)
