"The installed `slotmix` console script, run as a user runs it."
import subprocess, sys

def slotmix(*args):
    return subprocess.run([sys.executable, '-m', 'slotmix_nb.cli', *args], capture_output=True, text=True)

def test_help_lists_subcommands():
    r = subprocess.run(['slotmix', '--help'], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    for name in ['demo', 'data', 'train', 'eval', 'bench']: assert name in r.stdout

def test_unknown_flag_is_one_line_exit_2():
    r = subprocess.run(['slotmix', '--frobnicate'], capture_output=True, text=True)
    assert r.returncode == 2 and 'unrecognized arguments: --frobnicate' in r.stderr and 'Traceback' not in r.stderr
