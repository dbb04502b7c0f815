<#-- One "KEY VALUE" line per entry; both go through HaproxyQuoting.mapToken. -->
<#list v as e>
${e.key} ${e.value}
</#list>
