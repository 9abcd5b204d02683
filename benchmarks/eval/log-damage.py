#!/usr/bin/env python3
# usage: log-damage.py NEARDUP_DLL CASES SEED  (builds a 7-batch index of samples/corpus/originals under /tmp/dmg)
# Seeded damage campaign over a small index: flip one bit in the log (every record, random offsets), truncate the log
# at random offsets and at record boundaries, append garbage and zeros. For each case: does `index verify` report a
# problem (exit != 0)? does opening (`index query`) either error, or report a dropped tail, and never silently return
# fewer acknowledged documents than the log held?
import os, random, shutil, subprocess, sys, json, struct
DLL=sys.argv[1]; N=int(sys.argv[2]); seed=int(sys.argv[3])
work='/tmp/dmg'; base=work+'/base'
shutil.rmtree(work, ignore_errors=True); os.makedirs(work)
def run(*a, stdin=None):
    p=subprocess.run(['dotnet',DLL,*a],capture_output=True,text=True,input=stdin)
    return p.returncode,p.stdout,p.stderr
run('index','create',base)
docs=sorted(os.listdir('/work/main/samples/corpus/originals'))
src='/work/main/samples/corpus/originals/'
# several batches of one document each, so the log holds several records
for d in docs:
    txt=open(src+d).read()
    run('index','add',base,'-',stdin=json.dumps({'id':d,'text':txt})+'\n')
log=open(base+'/wal.ndlog','rb').read()
# record boundaries: the header (36 bytes in log format 1, 60 in format 2), then records of 16 + body + 8
header=36 if struct.unpack_from('<H',log,8)[0]==1 else 60
bounds=[header]; at=header
while at<len(log):
    body=struct.unpack_from('<I',log,at)[0]; at+=16+body+8; bounds.append(at)
acked=len(bounds)-1
rnd=random.Random(seed)
cases=[]
for i in range(N):
    kind=rnd.choice(['flip','flip','truncate','boundary','garbage','zeros'])
    if kind=='flip':
        off=rnd.randrange(header,len(log)); data=bytearray(log); data[off]^=1<<rnd.randrange(8); cases.append((kind,off,bytes(data)))
    elif kind=='truncate':
        off=rnd.randrange(37,len(log)); cases.append((kind,off,log[:off]))
    elif kind=='boundary':
        b=rnd.choice(bounds[:-1]); cases.append((kind,b,log[:b]))
    elif kind=='garbage':
        g=bytes(rnd.randrange(256) for _ in range(rnd.randrange(1,64))); cases.append((kind,len(log),log+g))
    else:
        cases.append((kind,len(log),log+bytes(rnd.randrange(1,600))))
stats={}
for kind,off,data in cases:
    d=work+'/case'; shutil.rmtree(d,ignore_errors=True); shutil.copytree(base,d)
    open(d+'/wal.ndlog','wb').write(data)
    vexit,vout,_=run('index','verify',d)
    qexit,qout,qerr=run('index','info',d)
    unchanged=open(d+'/wal.ndlog','rb').read()==data
    docs_now=None
    for l in qout.splitlines():
        if l.startswith('documents:'): docs_now=int(l.split()[1])
    dropped=any(w in qout+qerr for w in ('dropped','left '))
    if qexit!=0: outcome='error'
    elif docs_now is not None and docs_now < acked and not dropped: outcome='SILENT LOSS'
    elif dropped: outcome='torn reported'
    elif docs_now==acked: outcome='intact'
    else: outcome='other'
    key=(kind,outcome,'verify-flags' if vexit!=0 else 'verify-ok', 'files-unchanged' if unchanged else 'FILES-CHANGED')
    stats[key]=stats.get(key,0)+1
print('acknowledged batches:',acked,'log bytes:',len(log))
for k,v in sorted(stats.items()): print(v,*k)
