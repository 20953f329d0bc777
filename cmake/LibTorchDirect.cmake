# SPDX-License-Identifier: MIT
# Copyright (c) 2026 NAAP Workbench authors
# LibTorch from its folder alone (NAAP_TORCH_ROOT: include/ and lib/, as in a PyTorch wheel's
# torch/ folder), for machines where TorchConfig.cmake cannot run: it insists on finding the CUDA
# toolkit and cuDNN that the trainer never calls directly. Defines the imported target `torch`
# that find_package(Torch) would. The caller passes the library's C++ ABI
# (-D_GLIBCXX_USE_CXX11_ABI=...) in CMAKE_CXX_FLAGS, as TorchConfig would have.
set(_naap_torch_lib "${NAAP_TORCH_ROOT}/lib")
if(NOT EXISTS "${NAAP_TORCH_ROOT}/include/torch/csrc/api/include/torch/torch.h" OR
   NOT EXISTS "${_naap_torch_lib}/libtorch_cpu.so")
  message(FATAL_ERROR "NAAP_TORCH_ROOT=${NAAP_TORCH_ROOT} is not a LibTorch folder "
                      "(expected include/torch/csrc/api/include/torch/torch.h and lib/libtorch_cpu.so).")
endif()
# The CUDA half registers itself when loaded, and nothing of ours names its symbols, so it is
# linked with --no-as-needed or the linker would drop it.
set(_naap_torch_libs)
foreach(name torch torch_cuda c10_cuda)
  if(EXISTS "${_naap_torch_lib}/lib${name}.so")
    list(APPEND _naap_torch_libs "${_naap_torch_lib}/lib${name}.so")
  endif()
endforeach()
add_library(torch INTERFACE IMPORTED)
target_include_directories(torch SYSTEM INTERFACE "${NAAP_TORCH_ROOT}/include"
                                                  "${NAAP_TORCH_ROOT}/include/torch/csrc/api/include")
target_link_libraries(torch INTERFACE "-Wl,--no-as-needed" ${_naap_torch_libs} "-Wl,--as-needed"
                                      "${_naap_torch_lib}/libtorch_cpu.so" "${_naap_torch_lib}/libc10.so")
target_link_options(torch INTERFACE "LINKER:-rpath,${_naap_torch_lib}")
# A CUDA LibTorch's headers for CUDA graphs include the CUDA runtime's.
if(EXISTS "${_naap_torch_lib}/libtorch_cuda.so")
  get_filename_component(_naap_site "${NAAP_TORCH_ROOT}" DIRECTORY)
  file(GLOB _naap_pip_cuda LIST_DIRECTORIES true "${_naap_site}/nvidia/*/include")
  find_path(NAAP_CUDA_INCLUDE_DIR cuda_runtime_api.h
            HINTS ${CUDAToolkit_ROOT}/include $ENV{CUDA_HOME}/include /usr/local/cuda/include ${_naap_pip_cuda})
  if(NAAP_CUDA_INCLUDE_DIR)
    target_include_directories(torch SYSTEM INTERFACE "${NAAP_CUDA_INCLUDE_DIR}")
    set(NAAP_TORCH_HAS_CUDA ON)
  endif()
endif()
message(STATUS "LibTorch from ${NAAP_TORCH_ROOT} without its CMake files: ${_naap_torch_libs}"
               " (CUDA headers: ${NAAP_CUDA_INCLUDE_DIR})")
