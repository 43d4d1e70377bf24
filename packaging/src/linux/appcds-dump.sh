# Maintainer-script fragment (the .deb's postinst, the .rpm's %post): dumps Sotto's AppCDS archive where Sotto is
# installed, since JDK 17 refuses an archive whose jars have moved, from the class list of a start that the build
# recorded. Only when that fails (which costs start-up time, nothing else) it dumps the runtime's default archive
# instead (the packages do not carry its 12 MB) and links it as sotto.jsa: a missing -XX:SharedArchiveFile would
# turn CDS off altogether.
runtime=/opt/sotto/lib/runtime app=/opt/sotto/lib/app
rm -f $runtime/lib/server/classes.jsa $app/sotto.jsa
if [ -f $app/sotto.classlist ]; then
  cp=$(sed -n "s|^app.classpath=\$APPDIR|$app|p" $app/sotto.cfg | paste -sd:)
  $runtime/bin/java -Xshare:dump -XX:SharedClassListFile=$app/sotto.classlist \
    -XX:SharedArchiveFile=$app/sotto.jsa -cp "$cp" >/dev/null 2>&1 || rm -f $app/sotto.jsa
fi
if [ ! -e $app/sotto.jsa ]; then
  $runtime/bin/java -Xshare:dump >/dev/null 2>&1 || rm -f $runtime/lib/server/classes.jsa
  ln -s ../runtime/lib/server/classes.jsa $app/sotto.jsa
fi
