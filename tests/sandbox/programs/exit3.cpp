// Exits with code 3: RE.
int main() { return 3; }
