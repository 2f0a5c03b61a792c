"""Packaging for slotmix_nb: everything is read from settings.ini (nbdev's single source of truth).

Written without `pkg_resources` (removed from setuptools 82+). Every field that the pyproject.toml
written by `nbdev_export` marks `dynamic` is set here, or `pip install` refuses the project.
"""
from configparser import ConfigParser
from pathlib import Path
import setuptools

assert setuptools.__version__ >= '64', \
    'slotmix_nb needs setuptools >= 64 (PEP 660 editable installs)'
here = Path(__file__).parent
config = ConfigParser(delimiters=['='])
config.read(here/'settings.ini', encoding='utf-8')
cfg = config['DEFAULT']

licenses = {'apache2': ('Apache-2.0', 'OSI Approved :: Apache Software License')}
statuses = {'1': '1 - Planning', '2': '2 - Pre-Alpha', '3': '3 - Alpha', '4': '4 - Beta',
            '5': '5 - Production/Stable', '6': '6 - Mature', '7': '7 - Inactive'}
py_versions = '3.10 3.11 3.12 3.13'.split()
license_name, license_classifier = licenses[cfg['license']]
min_python = cfg['min_python']

def reqs(*keys) -> list:
    "The pip requirements listed under `keys` in settings.ini, in order, without repeats."
    return list(dict.fromkeys(r for k in keys for r in cfg.get(k, '').split()))

setuptools.setup(
    name=cfg['lib_name'],
    version=cfg['version'],
    description=cfg['description'],
    long_description=(here/'README.md').read_text(encoding='utf-8'),
    long_description_content_type='text/markdown',
    keywords=cfg['keywords'].split(),
    license=license_name,
    author=cfg['author'], author_email=cfg['author_email'],
    url=cfg['git_url'],
    project_urls={'Documentation': f"{cfg['doc_host']}{cfg['doc_baseurl']}",
                  'Source': cfg['git_url']},
    classifiers=[f"Development Status :: {statuses[cfg['status']]}",
                 f"Intended Audience :: {cfg['audience']}",
                 f"Natural Language :: {cfg['language']}",
                 'Topic :: Scientific/Engineering :: Artificial Intelligence'] +
                [f'Programming Language :: Python :: {v}'
                 for v in py_versions[py_versions.index(min_python):]],
    packages=setuptools.find_packages(include=[cfg['lib_name'], f"{cfg['lib_name']}.*"]),
    package_data={cfg['lib_name']: ['pretrained/*/*', 'pretrained/*.md']},
    include_package_data=True,
    python_requires=f'>={min_python}',
    install_requires=reqs('requirements'),
    # train: the engine, data, metrics and CLI; colab: what the chapters import;
    # notebooks and dev add to both
    extras_require={'train': reqs('train_requirements'),
                    'colab': reqs('train_requirements', 'colab_requirements'),
                    'notebooks': reqs('train_requirements', 'colab_requirements',
                                      'notebooks_requirements'),
                    'dev': reqs('train_requirements', 'colab_requirements', 'dev_requirements')},
    entry_points={'console_scripts': cfg.get('console_scripts', '').split('\n'),
                  'nbdev': [f"{cfg['lib_name']}={cfg['lib_name']}._modidx:d"]},
    zip_safe=False,
)
