"""Differentiable functions on Variables and arrays (import as ``F``, as in Chainer)."""

from .activation.clipped_relu import clipped_relu as clipped_relu
from .activation.clipped_relu import relu6 as relu6
from .activation.crelu import crelu as crelu
from .activation.elu import elu as elu
from .activation.elu import selu as selu
from .activation.gelu import gelu as gelu
from .activation.hard_sigmoid import hard_sigmoid as hard_sigmoid
from .activation.leaky_relu import leaky_relu as leaky_relu
from .activation.maxout import maxout as maxout
from .activation.prelu import prelu as prelu
from .activation.relu import relu as relu
from .activation.rrelu import rrelu as rrelu
from .activation.sigmoid import sigmoid as sigmoid
from .activation.softmax import log_softmax as log_softmax
from .activation.softmax import softmax as softmax
from .activation.softplus import softplus as softplus
from .activation.swish import silu as silu
from .activation.swish import swish as swish
from .activation.tanh import tanh as tanh
from .array.as_strided import as_strided as as_strided
from .array.broadcast import broadcast_to as broadcast_to
from .array.broadcast import sum_to as sum_to
from .array.broadcast_arrays import broadcast as broadcast
from .array.cast import cast as cast
from .array.concat import concat as concat
from .array.copy import copy as copy
from .array.depth2space import depth2space as depth2space
from .array.depth2space import space2depth as space2depth
from .array.diagonal import diagonal as diagonal
from .array.flip import flip as flip
from .array.flip_named import fliplr as fliplr
from .array.flip_named import flipud as flipud
from .array.get_item import get_item as get_item
from .array.hvdstack import dstack as dstack
from .array.hvdstack import hstack as hstack
from .array.hvdstack import vstack as vstack
from .array.im2col import im2col as im2col
from .array.moveaxis import moveaxis as moveaxis
from .array.moveaxis import rollaxis as rollaxis
from .array.pad import pad as pad
from .array.pad_sequence import pad_sequence as pad_sequence
from .array.permutate import permutate as permutate
from .array.repeat import repeat as repeat
from .array.reshape import expand_dims as expand_dims
from .array.reshape import flatten as flatten
from .array.reshape import reshape as reshape
from .array.reshape import squeeze as squeeze
from .array.resize_images import resize_images as resize_images
from .array.scatter_add import scatter_add as scatter_add
from .array.select_item import select_item as select_item
from .array.separate import separate as separate
from .array.shift import shift as shift
from .array.spatial_transformer import spatial_transformer_grid as spatial_transformer_grid
from .array.spatial_transformer import (
    spatial_transformer_sampler as spatial_transformer_sampler,
)
from .array.split_axis import split_axis as split_axis
from .array.stack import stack as stack
from .array.tile import tile as tile
from .array.transpose import swapaxes as swapaxes
from .array.transpose import transpose as transpose
from .array.transpose_sequence import transpose_sequence as transpose_sequence
from .connection.bilinear import bilinear as bilinear
from .connection.convolution import convolution_2d as convolution_2d
from .connection.convolution import convolution_nd as convolution_nd
from .connection.convolution import depthwise_convolution_2d as depthwise_convolution_2d
from .connection.convolution_1d_3d import convolution_1d as convolution_1d
from .connection.convolution_1d_3d import convolution_3d as convolution_3d
from .connection.convolution_1d_3d import deconvolution_1d as deconvolution_1d
from .connection.convolution_1d_3d import deconvolution_3d as deconvolution_3d
from .connection.deconvolution import deconvolution_2d as deconvolution_2d
from .connection.deconvolution import deconvolution_nd as deconvolution_nd
from .connection.dilated_convolution_2d import dilated_convolution_2d as dilated_convolution_2d
from .connection.embed_id import embed_id as embed_id
from .connection.linear import linear as linear
from .connection.local_convolution_2d import local_convolution_2d as local_convolution_2d
from .evaluation.accuracy import accuracy as accuracy
from .evaluation.binary_accuracy import binary_accuracy as binary_accuracy
from .evaluation.classification_summary import (
    classification_summary as classification_summary,
)
from .evaluation.classification_summary import f1_score as f1_score
from .evaluation.classification_summary import fbeta_score as fbeta_score
from .evaluation.classification_summary import precision as precision
from .evaluation.classification_summary import recall as recall
from .evaluation.r2_score import r2_score as r2_score
from .loss.absolute_error import absolute_error as absolute_error
from .loss.absolute_error import mean_absolute_error as mean_absolute_error
from .loss.black_out import black_out as black_out
from .loss.contrastive import contrastive as contrastive
from .loss.covariance import cross_covariance as cross_covariance
from .loss.covariance import decov as decov
from .loss.crf1d import argmax_crf1d as argmax_crf1d
from .loss.crf1d import crf1d as crf1d
from .loss.ctc import (
    connectionist_temporal_classification as connectionist_temporal_classification,
)
from .loss.hinge import hinge as hinge
from .loss.huber_loss import huber_loss as huber_loss
from .loss.negative_sampling import negative_sampling as negative_sampling
from .loss.sigmoid_cross_entropy import sigmoid_cross_entropy as sigmoid_cross_entropy
from .loss.softmax_cross_entropy import softmax_cross_entropy as softmax_cross_entropy
from .loss.squared_error import mean_squared_error as mean_squared_error
from .loss.squared_error import squared_error as squared_error
from .loss.triplet import triplet as triplet
from .loss.vae import bernoulli_nll as bernoulli_nll
from .loss.vae import gaussian_kl_divergence as gaussian_kl_divergence
from .loss.vae import gaussian_nll as gaussian_nll
from .math.argminmax import argmax as argmax
from .math.argminmax import argmin as argmin
from .math.average import average as average
from .math.average import mean as mean
from .math.basic_math import absolute as absolute
from .math.basic_math import add as add
from .math.basic_math import div as div
from .math.basic_math import mul as mul
from .math.basic_math import neg as neg
from .math.basic_math import pow as pow
from .math.basic_math import sub as sub
from .math.batch_l2_norm_squared import batch_l2_norm_squared as batch_l2_norm_squared
from .math.batch_matmul import batch_matmul as batch_matmul
from .math.bias_scale import bias as bias
from .math.bias_scale import scale as scale
from .math.cumulative import cumprod as cumprod
from .math.cumulative import cumsum as cumsum
from .math.einsum import einsum as einsum
from .math.exponential import exp as exp
from .math.exponential import expm1 as expm1
from .math.exponential import log as log
from .math.exponential import log1p as log1p
from .math.exponential import sqrt as sqrt
from .math.exponential import square as square
from .math.fft import fft as fft
from .math.fft import ifft as ifft
from .math.fix import fix as fix
from .math.fmod import fmod as fmod
from .math.hyperbolic import arctanh as arctanh
from .math.hyperbolic import cosh as cosh
from .math.hyperbolic import sinh as sinh
from .math.identity import identity as identity
from .math.inverse_error import erfcinv as erfcinv
from .math.inverse_error import erfcx as erfcx
from .math.inverse_error import erfinv as erfinv
from .math.inverse_trigonometric import arccos as arccos
from .math.inverse_trigonometric import arcsin as arcsin
from .math.inverse_trigonometric import arctan as arctan
from .math.inverse_trigonometric import arctan2 as arctan2
from .math.linalg import batch_det as batch_det
from .math.linalg import batch_inv as batch_inv
from .math.linalg import cholesky as cholesky
from .math.linalg import det as det
from .math.linalg import inv as inv
from .math.linear_interpolate import linear_interpolate as linear_interpolate
from .math.logarithm import log2 as log2
from .math.logarithm import log10 as log10
from .math.logsumexp import logsumexp as logsumexp
from .math.matmul import matmul as matmul
from .math.minmax import max as max
from .math.minmax import min as min
from .math.normal_distribution import log_ndtr as log_ndtr
from .math.normal_distribution import ndtr as ndtr
from .math.normal_distribution import ndtri as ndtri
from .math.prod import prod as prod
from .math.rounding import ceil as ceil
from .math.rounding import floor as floor
from .math.rounding import sign as sign
from .math.rsqrt import rsqrt as rsqrt
from .math.select import clip as clip
from .math.select import maximum as maximum
from .math.select import minimum as minimum
from .math.select import where as where
from .math.sparse_matmul import sparse_matmul as sparse_matmul
from .math.special import digamma as digamma
from .math.special import erf as erf
from .math.special import erfc as erfc
from .math.special import lgamma as lgamma
from .math.squared_difference import squared_difference as squared_difference
from .math.sum import sum as sum
from .math.tensordot import tensordot as tensordot
from .math.trigonometric import cos as cos
from .math.trigonometric import sin as sin
from .math.trigonometric import tan as tan
from .math.zeta import polygamma as polygamma
from .math.zeta import zeta as zeta
from .noise.dropout import dropout as dropout
from .noise.gaussian import gaussian as gaussian
from .noise.gumbel_softmax import gumbel_softmax as gumbel_softmax
from .noise.simplified_dropconnect import simplified_dropconnect as simplified_dropconnect
from .noise.zoneout import zoneout as zoneout
from .normalization.batch_normalization import batch_normalization as batch_normalization
from .normalization.batch_normalization import (
    fixed_batch_normalization as fixed_batch_normalization,
)
from .normalization.batch_renormalization import (
    batch_renormalization as batch_renormalization,
)
from .normalization.fixed_batch_renormalization import (
    fixed_batch_renormalization as fixed_batch_renormalization,
)
from .normalization.group_normalization import group_normalization as group_normalization
from .normalization.l2_normalization import normalize as normalize
from .normalization.layer_normalization import layer_normalization as layer_normalization
from .normalization.local_response_normalization import (
    local_response_normalization as local_response_normalization,
)
from .pooling.average_pooling import average_pooling_1d as average_pooling_1d
from .pooling.average_pooling import average_pooling_2d as average_pooling_2d
from .pooling.average_pooling import average_pooling_3d as average_pooling_3d
from .pooling.average_pooling import average_pooling_nd as average_pooling_nd
from .pooling.max_pooling import max_pooling_1d as max_pooling_1d
from .pooling.max_pooling import max_pooling_2d as max_pooling_2d
from .pooling.max_pooling import max_pooling_3d as max_pooling_3d
from .pooling.max_pooling import max_pooling_nd as max_pooling_nd
from .pooling.roi_align import roi_average_align_2d as roi_average_align_2d
from .pooling.roi_align import roi_max_align_2d as roi_max_align_2d
from .pooling.roi_pooling import roi_average_pooling_2d as roi_average_pooling_2d
from .pooling.roi_pooling import roi_max_pooling_2d as roi_max_pooling_2d
from .pooling.roi_pooling import roi_pooling_2d as roi_pooling_2d
from .pooling.spatial_pyramid_pooling_2d import (
    spatial_pyramid_pooling_2d as spatial_pyramid_pooling_2d,
)
from .pooling.unpooling import unpooling_1d as unpooling_1d
from .pooling.unpooling import unpooling_2d as unpooling_2d
from .pooling.unpooling import unpooling_3d as unpooling_3d
from .pooling.unpooling import unpooling_nd as unpooling_nd
from .pooling.unpooling import upsampling_2d as upsampling_2d
from .rnn.lstm import lstm as lstm
from .rnn.n_step_gru import n_step_bigru as n_step_bigru
from .rnn.n_step_gru import n_step_gru as n_step_gru
from .rnn.n_step_lstm import n_step_bilstm as n_step_bilstm
from .rnn.n_step_lstm import n_step_lstm as n_step_lstm
from .rnn.n_step_rnn import n_step_birnn as n_step_birnn
from .rnn.n_step_rnn import n_step_rnn as n_step_rnn
from .rnn.slstm import slstm as slstm
from .rnn.tree_lstm import tree_lstm as tree_lstm
from .util.forget import forget as forget
