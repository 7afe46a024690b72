# The phone layer's rules, once for both front ends (issue 17):
#  - tst_phone_secure_dial: the secure-dial state machine in virtual time
iax_add_qtest(tst_phone_secure_dial SOURCES tst_phone_secure_dial.cpp LIBS iax_phone LABELS phone)
