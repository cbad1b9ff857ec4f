# Split .wast files into per-command files and convert each with wast2json, so one
# unsupported command does not lose the whole file. Output: /tmp/wsplit/<dir>/<name>/<i>.json
import sys,os,subprocess,re
KEEP=('module','assert_invalid','assert_malformed','assert_unlinkable','assert_uninstantiable','assert_trap','assert_exhaustion')
def forms(s):
    i=0;n=len(s);depth=0;start=None
    while i<n:
        c=s[i]
        if s.startswith(';;',i):
            j=s.find('\n',i); i=n if j<0 else j; continue
        if s.startswith('(;',i):
            d=0
            while i<n:
                if s.startswith('(;',i): d+=1;i+=2
                elif s.startswith(';)',i): d-=1;i+=2
                else: i+=1
                if d==0: break
            continue
        if c=='"':
            j=i+1
            while s[j]!='"': j+= 2 if s[j]=='\\' else 1
            i=j+1; continue
        if c=='(':
            if depth==0: start=i
            depth+=1
        elif c==')':
            depth-=1
            if depth==0: yield s[start:i+1]
        i+=1
out='/tmp/wsplit'
for f in sys.argv[1:]:
    d=os.path.basename(os.path.dirname(f)); name=os.path.basename(f)[:-5]
    od=os.path.join(out,d,name); os.makedirs(od,exist_ok=True)
    src=open(f,encoding='utf-8',errors='surrogateescape').read()
    k=0
    for form in forms(src):
        head=re.match(r'\(\s*([a-z_]+)',form)
        if not head or head.group(1) not in KEEP: continue
        if head.group(1)=='assert_trap' and not re.match(r'\(\s*assert_trap\s*\(\s*module',form): continue
        p=os.path.join(od,'%04d.wast'%k); open(p,'w',encoding='utf-8',errors='surrogateescape').write(form+'\n')
        r=subprocess.run(['wast2json','--enable-all','--no-check',p,'-o',os.path.join(od,'%04d.json'%k)],capture_output=True)
        if r.returncode!=0:
            open(os.path.join(od,'%04d.err'%k),'wb').write(r.stderr)
        k+=1
