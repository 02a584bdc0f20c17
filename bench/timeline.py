#!/usr/bin/env python3
"""Boot timeline of one OpenDMV Kiosk start, from its karaf.log (called by bench/timeline.sh).

Usage: timeline.py KARAF_LOG OFFSET JVM_START_MS LAUNCH_MS [polled.txt] [stdout.log]
  KARAF_LOG     data/log/karaf.log of the instance
  OFFSET        byte offset where this boot's lines start (the log is appended across boots)
  JVM_START_MS  epoch ms the JVM started (Jetty's uptime line, else /proc/PID/stat)
  LAUNCH_MS     epoch ms bin/karaf was launched
  polled.txt    lines "label epoch_ms" measured by the shell (ports listening, /api/health UP)
  stdout.log    the process's stdout/stderr (stack traces that bypass Pax Logging)
Prints, in ms since the JVM started: milestones, Karaf's feature deployment phases, the store,
the UI, the businesses, the largest silent gaps on the boot threads, and WARN/ERROR/stack-trace counts.
No personal data is logged at boot; the script prints only logger names and message prefixes.
"""
import re
import sys
import time
from collections import Counter, defaultdict
from datetime import datetime

LINE = re.compile(r'^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d),(\d{3}) \| (\w+)\s*\| (.*?)\s*\| (\S+)\s*\| ([^|]*?)\s*\| (.*)$')


def parse(path, offset):
    with open(path, 'rb') as f:
        f.seek(offset)
        text = f.read().decode('utf-8', 'replace')
    entries, raw = [], text.splitlines()
    for ln in raw:
        m = LINE.match(ln)
        if m:
            ts = time.mktime(datetime.strptime(m.group(1), '%Y-%m-%dT%H:%M:%S').timetuple()) * 1000 + int(m.group(2))
            entries.append({'t': ts, 'level': m.group(3), 'thread': m.group(4), 'logger': m.group(5),
                            'bundle': m.group(6), 'msg': m.group(7)})
        elif entries:
            entries[-1].setdefault('cont', []).append(ln)
    return entries, raw


def main():
    path, offset, jvm0, launch = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    polled = {}
    if len(sys.argv) > 5:
        for ln in open(sys.argv[5]):
            parts = ln.rsplit(' ', 1)
            if len(parts) == 2 and parts[1].strip().isdigit():
                polled[parts[0]] = int(parts[1])
    entries, raw = parse(path, offset)
    rel = lambda t: int(t - jvm0)
    rows = []  # (ms, label, note)

    def first(pattern, label, note_fn=None, thread=None, last=False):
        rx = re.compile(pattern)
        hits = [e for e in entries if rx.search(e['msg']) and (thread is None or re.search(thread, e['thread']))]
        if not hits:
            return None
        e = hits[-1] if last else hits[0]
        rows.append((rel(e['t']), label, note_fn(e, hits) if note_fn else ''))
        return e

    rows.append((int(launch - jvm0), 'bin/karaf launched (its shell work precedes the JVM)', ''))
    rows.append((0, 'JVM started', ''))
    if entries:
        rows.append((rel(entries[0]['t']), 'first Pax Logging line (framework up, config admin reading etc/)', entries[0]['logger']))
    first(r'^Adding features:', 'features service: boot features requested')
    # feature deployment rounds: Changes to perform / Installing / Starting / Done.
    rnd = 0
    cur = None
    for e in entries:
        if e['logger'] != 'FeaturesServiceImpl':
            continue
        msg = e['msg']
        if msg.startswith('Changes to perform'):
            rnd += 1
            cur = {'changes': e['t'], 'install': 0}
        elif cur is not None and msg.startswith('Installing bundles'):
            cur['inst'] = e['t']
        elif cur is not None and msg.startswith('  ') and 'inst' in cur and 'start' not in cur and msg.strip().startswith(('mvn:', 'file:', 'wrap:', 'blueprint:')):
            cur['install'] += 1
        elif cur is not None and msg.startswith('Starting bundles'):
            cur['start'] = e['t']
        elif cur is not None and msg.startswith('Done.'):
            n = cur['install']
            rows.append((rel(cur['changes']), 'feature round %d: resolved, changes computed' % rnd, '%d bundles to install' % n))
            if 'inst' in cur and 'start' in cur:
                rows.append((rel(cur['start']), 'feature round %d: bundles installed' % rnd, 'install took %d ms' % (cur['start'] - cur['inst'])))
            if 'start' in cur:
                rows.append((rel(e['t']), 'feature round %d: Done. (bundles started)' % rnd, 'starting took %d ms' % (e['t'] - cur['start'])))
            cur = None
    first(r'^Logging initialized @', 'Jetty classes loaded (Jetty logging initialised)')
    first(r'^Started default@', 'Jetty connector started (HTTP listening)')
    first(r'Registering commands for bundle org.apache.karaf.shell.ssh', 'SSH commands registered (SSH server starting)')
    first(r'^Kiosk mode:', 'device manager activated')
    first(r'^Touch UI up on', 'touch UI: SWT display open')
    e = first(r'first screen drawn', 'touch UI: first screen drawn (its own figure)',
              lambda e, h: re.search(r'drawn (\d+) ms', e['msg']).group(0))
    if e:
        m = re.search(r'drawn (\d+) ms after the JVM started', e['msg'])
        if m:
            rows.append((int(m.group(1)), 'touch UI: first screen drawn (JVM-relative, own clock)', ''))
    first(r'Found DataSourceFactory|Creating DataSource', 'store: pax-jdbc creates DataSource kiosk')
    first(r'Creating database changelog table|Reading from .*DATABASECHANGELOG', 'store: Liquibase reads changelog table (Derby booted)')
    first(r'Successfully acquired change log lock', 'store: Liquibase lock acquired')
    first(r'ChangeSet .* ran successfully', 'store: first changeset applied', lambda e, h: '%d changesets ran' % len(h))
    first(r'Command execution complete', 'store: Liquibase done')
    first(r'^Store ready on', 'store: Store ready', lambda e, h: (re.search(r'\((\d+ ms)\)\s*$', e['msg']) or re.search(r'(\d+ ?ms)', e['msg']) or re.search('$', '')).group(0))
    first(r'^Payment: new orders', 'payment service activated')
    first(r'Application forms use the font', 'forms activated')
    first(r'Back-office relay started', 'back-office relay activated')
    first(r"Device driver '.*' available", 'device driver available')
    first(r'simulated .* ready|-> READY|READY/', 'devices: last device ready', lambda e, h: '%d device-ready lines' % len(h), last=True)
    first(r"^Business '[^']*' .*added", 'businesses: first registered', lambda e, h: '%d businesses registered' % len(h))
    first(r"^Business '[^']*' .*added", 'businesses: last registered', last=True)
    first(r'Deployment finished', 'Karaf: deployment finished (FeatureDeploymentListener)')
    first(r'^Done\.$', 'Karaf: last feature round Done.', last=True)
    first(r'OpenDMV Kiosk ready', 'health: ReadinessMonitor logs "ready"', lambda e, h: re.sub(r', kiosk \S+', '', e['msg'])[:60])
    for label, t in polled.items():
        rows.append((int(t - jvm0), 'polled: ' + label, ''))

    rows.sort(key=lambda r: r[0])
    print('%8s  %-62s  %s' % ('ms', 'event (ms since the JVM started)', 'note'))
    for ms, label, note in rows:
        print('%8d  %-62s  %s' % (ms, label, note))

    # largest silent gaps on the threads that start bundles (where un-logged work happens)
    print('\nLargest gaps between consecutive log lines of one boot thread (un-logged work, top 12):')
    boot_threads = re.compile(r'features-\d+-thread|FelixStartLevel|CM Configuration Updater')
    by_thread = defaultdict(list)
    for e in entries:
        if boot_threads.search(e['thread']):
            by_thread[e['thread']].append(e)
    end = max((t for t in polled.values()), default=entries[-1]['t'] if entries else jvm0)
    gaps = []
    for th, es in by_thread.items():
        for a, b in zip(es, es[1:]):
            if b['t'] > end + 2000:
                break
            gaps.append((b['t'] - a['t'], th, a, b))
    gaps.sort(key=lambda g: -g[0])
    for d, th, a, b in gaps[:12]:
        print('%6d ms  %-22s %6d→%-6d after [%s] %s\n%34s before [%s] %s' % (
            d, th[:22], rel(a['t']), rel(b['t']), a['logger'], a['msg'][:70], '', b['logger'], b['msg'][:70]))

    # Karaf logs each bundle's name as it starts it (cold boot): the time to the next one is that
    # bundle's start, including the synchronous activation of its DS components
    starts, phase = [], False
    for e in entries:
        if e['logger'] != 'FeaturesServiceImpl':
            continue
        if e['msg'].startswith('Starting bundles'):
            phase = True
        elif e['msg'].startswith('Done.') and phase:
            starts.append((e['t'], None))
            phase = False
        elif phase and e['msg'].startswith('  '):
            starts.append((e['t'], e['msg'].strip()))
    costs = sorted(((b[0] - a[0], a[1], a[0]) for a, b in zip(starts, starts[1:]) if a[1]), key=lambda c: -c[0])
    if costs:
        total = sum(c[0] for c in costs)
        print('\nSlowest bundle starts on the features thread (%d bundles started in %d ms; top 15 = %d ms):' % (
            len(costs), total, sum(c[0] for c in costs[:15])))
        for d, name, t in costs[:15]:
            print('%6d ms  at %6d  %s' % (d, rel(t), name))

    # warnings, errors, stack traces of this boot
    levels = Counter(e['level'] for e in entries if e['t'] <= end + 2000)
    print('\nLog lines of this boot up to usable: %d (%s)' % (
        sum(1 for e in entries if e['t'] <= end + 2000), ', '.join('%s %d' % kv for kv in sorted(levels.items()))))
    src = Counter()
    for e in entries:
        if e['level'] in ('WARN', 'ERROR') and e['t'] <= end + 2000:
            src['%s %s (%s)' % (e['level'], e['logger'], re.sub(r' \d+ - ', ' ', e['bundle']).split(' - ')[0].strip())] += 1
    for s, n in src.most_common(10):
        print('  %4d  %s' % (n, s))
    stack = [ln for ln in raw if re.match(r'^\s+at |^Caused by|^\s+\.\.\. \d+ more', ln)]
    exc = Counter(ln.split(':')[0] for ln in raw if re.match(r'^[a-z][\w.$]+(Exception|Error)\b', ln))
    print('Stack-trace lines in karaf.log: %d%s' % (len(stack), (' (' + ', '.join('%s ×%d' % kv for kv in exc.most_common(5)) + ')') if exc else ''))
    if len(sys.argv) > 6:
        out = open(sys.argv[6], errors='replace').read().splitlines()
        st = [ln for ln in out if re.match(r'^\s+at |^Caused by|^\s+\.\.\. \d+ more', ln)]
        exc = Counter(ln.split(':')[0] for ln in out if re.match(r'^\S*[a-z][\w.$]+(Exception|Error)\b', ln))
        print('Lines on stdout/stderr: %d, of which stack-trace lines: %d%s' % (
            len(out), len(st), (' (' + ', '.join('%s ×%d' % kv for kv in exc.most_common(5)) + ')') if exc else ''))


if __name__ == '__main__':
    main()
