# The README's settings table is the one `kiosk settings --markdown`
# prints from the settings table in kiosk/core/config.c: they never drift.
execute_process(COMMAND ${KIOSK} settings --markdown OUTPUT_VARIABLE table RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "kiosk settings --markdown failed")
endif()
file(READ ${README} readme)
string(FIND "${readme}" "${table}" at)
if(at EQUAL -1)
  message(FATAL_ERROR "README.md's settings table is out of date; paste in the output of "
                      "`kiosk settings --markdown`:\n${table}")
endif()
