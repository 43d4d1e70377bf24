# Maintainer-script fragment (the .deb's prerm, the .rpm's %preun on erase): removes what appcds-dump.sh wrote, so
# that removing the package leaves nothing behind
rm -f /opt/sotto/lib/app/sotto.jsa /opt/sotto/lib/runtime/lib/server/classes.jsa
