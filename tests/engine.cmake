# The sans-IO Engine: calls, registration, call tokens, encryption — on a simulated link and
# against the frames of the Asterisk captures.
iax_add_qtest(tst_engine_calls SOURCES tst_engine_calls.cpp sim/sim_link.h LIBS iax_protocol LABELS engine)
iax_add_qtest(tst_engine_replay SOURCES tst_engine_replay.cpp LIBS iax_protocol iax_analysis Qt6::Core LABELS engine)
