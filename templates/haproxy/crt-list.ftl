<#-- One line per certificate: the file (its key is loaded from FILE.key) and the SNI names it serves. -->
<#list v as c>
${c.file} [ssl-min-ver TLSv1.2]<#list c.names as n> ${n}</#list>
</#list>
