("Run every notebook as one pytest test (nbdev's own `test_nb`), "
 "honouring settings.ini's test flags.")
import os
import pytest

def pytest_addoption(parser):
    parser.addoption('--flags', default=os.environ.get('SLOTMIX_TEST_FLAGS', ''),
                     help='space-separated test flags to run (e.g. "slow gpu"); '
                          'by default cells flagged with '
                          "settings.ini's tst_flags are skipped, as `nbdev_test` does")

@pytest.fixture(scope='session')
def force_flags(request): return request.config.getoption('--flags').split()

@pytest.hookimpl(tryfirst=True)
def pytest_cmdline_main(config):
    "Two notebooks at a time (2 cores) when pytest-xdist is there and no -n was given."
    if config.pluginmanager.hasplugin('xdist') and config.getoption('numprocesses', None) is None \
            and not os.environ.get('PYTEST_XDIST_WORKER'):
        config.option.numprocesses, config.option.dist = 2, 'load'

def pytest_configure(config):
    # Notebook tests run in this process; keep each pytest-xdist worker to one thread
    # so two workers share 2 cores.
    if os.environ.get('PYTEST_XDIST_WORKER'):
        import torch
        torch.set_num_threads(1)
