"The installed `slotmix` console script, run as a user runs it."
import subprocess

def slotmix(*args): return subprocess.run(['slotmix', *args], capture_output=True, text=True)

def test_help_lists_subcommands():
    r = slotmix('--help')
    assert r.returncode == 0, r.stderr
    for name in ['demo', 'data', 'train', 'eval', 'bench']: assert name in r.stdout

def test_unknown_flag_is_one_line_exit_2():
    r = slotmix('demo', '--frobnicate')
    assert r.returncode == 2, r
    assert 'unrecognized arguments: --frobnicate' in r.stderr and 'Traceback' not in r.stderr
