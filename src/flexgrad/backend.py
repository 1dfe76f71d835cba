"""Chainer's ``chainer.backend`` names, for ported code: ``backend.get_array_module(x)``,
``backend.get_device_from_array(x)``, ``backend.get_device(spec)``, ``backend.Device``.

Everything here is ``flexgrad.backends``' own, under the names Chainer used.
"""

from .backends import Device as Device
from .backends import get_array_module as get_array_module
from .backends import get_device as get_device
from .backends import get_device_from_array as get_device_from_array
