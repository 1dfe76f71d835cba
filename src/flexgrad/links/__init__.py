"""Links: layers with parameters, Chainer's names (import as ``L``)."""

from .activation.maxout import Maxout as Maxout
from .activation.prelu import PReLU as PReLU
from .activation.swish import Swish as Swish
from .attention.multi_head_attention import MultiHeadAttention as MultiHeadAttention
from .connection.bias_scale import Bias as Bias
from .connection.bias_scale import Scale as Scale
from .connection.bilinear import Bilinear as Bilinear
from .connection.convolution import Convolution2D as Convolution2D
from .connection.convolution import ConvolutionND as ConvolutionND
from .connection.convolution_1d_3d import Convolution1D as Convolution1D
from .connection.convolution_1d_3d import Convolution3D as Convolution3D
from .connection.convolution_1d_3d import Deconvolution1D as Deconvolution1D
from .connection.convolution_1d_3d import Deconvolution3D as Deconvolution3D
from .connection.deconvolution import Deconvolution2D as Deconvolution2D
from .connection.deconvolution import DeconvolutionND as DeconvolutionND
from .connection.depthwise_convolution_2d import (
    DepthwiseConvolution2D as DepthwiseConvolution2D,
)
from .connection.dilated_convolution_2d import DilatedConvolution2D as DilatedConvolution2D
from .connection.embed_id import EmbedID as EmbedID
from .connection.highway import Highway as Highway
from .connection.inception import Inception as Inception
from .connection.inception_bn import InceptionBN as InceptionBN
from .connection.linear import Linear as Linear
from .connection.local_convolution_2d import LocalConvolution2D as LocalConvolution2D
from .connection.mlp_convolution_2d import MLPConvolution2D as MLPConvolution2D
from .connection.parameter import Parameter as Parameter
from .connection.simplified_dropconnect import SimplifiedDropconnect as SimplifiedDropconnect
from .loss.black_out import BlackOut as BlackOut
from .loss.crf1d import CRF1d as CRF1d
from .loss.hierarchical_softmax import BinaryHierarchicalSoftmax as BinaryHierarchicalSoftmax
from .loss.negative_sampling import NegativeSampling as NegativeSampling
from .model.classifier import Classifier as Classifier
from .normalization.batch_normalization import BatchNormalization as BatchNormalization
from .normalization.batch_renormalization import (
    BatchRenormalization as BatchRenormalization,
)
from .normalization.group_normalization import GroupNormalization as GroupNormalization
from .normalization.layer_normalization import LayerNormalization as LayerNormalization
from .rnn.gru import GRU as GRU
from .rnn.gru import StatefulGRU as StatefulGRU
from .rnn.gru import StatelessGRU as StatelessGRU
from .rnn.lstm import LSTM as LSTM
from .rnn.lstm import StatelessLSTM as StatelessLSTM
from .rnn.mgu import StatefulMGU as StatefulMGU
from .rnn.mgu import StatelessMGU as StatelessMGU
from .rnn.n_step import NStepBiGRU as NStepBiGRU
from .rnn.n_step import NStepBiLSTM as NStepBiLSTM
from .rnn.n_step import NStepBiRNNReLU as NStepBiRNNReLU
from .rnn.n_step import NStepBiRNNTanh as NStepBiRNNTanh
from .rnn.n_step import NStepGRU as NStepGRU
from .rnn.n_step import NStepLSTM as NStepLSTM
from .rnn.n_step import NStepRNNReLU as NStepRNNReLU
from .rnn.n_step import NStepRNNTanh as NStepRNNTanh
from .rnn.peephole import StatefulPeepholeLSTM as StatefulPeepholeLSTM
from .rnn.tree_lstm import ChildSumTreeLSTM as ChildSumTreeLSTM
from .rnn.tree_lstm import NaryTreeLSTM as NaryTreeLSTM
from .rnn.zoneout_lstm import StatefulZoneoutLSTM as StatefulZoneoutLSTM
