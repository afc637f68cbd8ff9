/* A shared library that exports something, but not a connector entry. */
int not_a_connector(void) { return 42; }
